-- neighbours: the k units of the same era and level most similar to one unit.
-- params: $era, $level, $unit_code, $k,
--         $basis  'size': distance on standardised log population and log area (where known)
--                 'profile': distance on the component profile (value / max) of $index_id in $year
--         $index_id, $year  used by 'profile' only
--         $with_illustrative  false = the profile uses published and imported components only
-- output: unit_code, name_vi, name_en, distance, n_features (how many features the distance used)
with level_units as (
    select unit_code, name_vi, name_en, ln(population) as log_pop, ln(area_km2) as log_area
    from units
    where era = $era and level = $level
),

size_z as (
    select unit_code,
           (log_pop - avg(log_pop) over ()) / nullif(stddev_pop(log_pop) over (), 0) as z_pop,
           (log_area - avg(log_area) over ()) / nullif(stddev_pop(log_area) over (), 0) as z_area
    from level_units
),

size_distance as (
    select o.unit_code,
           sqrt(coalesce((o.z_pop - me.z_pop) ^ 2, 0) + coalesce((o.z_area - me.z_area) ^ 2, 0))
               as distance,
           (o.z_pop is not null and me.z_pop is not null)::int
           + (o.z_area is not null and me.z_area is not null)::int as n_features
    from size_z as o
    cross join (select * from size_z where unit_code = $unit_code) as me
    where o.unit_code <> $unit_code
),

profile as (
    select o.unit_code, o.component, o.value / c.max_value as achievement
    from observations as o
    join components as c
      on c.index_id = o.index_id and c.component = o.component
     and o.year between c.year_from and c.year_to
    where o.index_id = $index_id and o.era = $era and o.level = $level and o.year = $year
      and o.component <> 'total' and c.kind = 'part' and o.value is not null
      and ($with_illustrative or not o.is_illustrative)
),

profile_distance as (
    select o.unit_code, sqrt(sum((o.achievement - me.achievement) ^ 2)) as distance,
           count(*) as n_features
    from profile as o
    join (select * from profile where unit_code = $unit_code) as me using (component)
    where o.unit_code <> $unit_code
    group by o.unit_code
),

chosen as (
    select * from size_distance where $basis = 'size' and n_features > 0
    union all
    select * from profile_distance where $basis = 'profile'
),

final as (
    select c.unit_code, u.name_vi, u.name_en, c.distance, c.n_features
    from chosen as c
    join level_units as u using (unit_code)
)

select * from final
order by n_features desc, distance, unit_code
limit $k
