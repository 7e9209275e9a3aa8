-- breakdown: one unit's components against its peers' median and best, with headroom.
-- params:
--   $era, $level, $index_id, $year   which table of results
--   $unit_code                        the unit
--   $province_code, $region_code, $parent_code, $peer_codes   peer group filters (null = no filter;
--                                   $peer_codes is a list of unit codes); the unit is one of its peers
--   $with_illustrative             false = published and imported figures only; true = also illustrative ones
-- output (one row per component of the methodology version in force that year, catalog order):
--   ord, component, name_vi, name_en, kind ('part' adds into the total, 'view' does not), max_value, weight,
--   value (null if the unit has no figure), is_illustrative, source_id (of the unit's value),
--   peer_median, peer_best (null when fewer than two peers have the component: a unit alone
--   is no group), n_peers,
--   gap_to_median, gap_to_best (value minus the peer figure; negative = behind),
--   headroom (max_value - value), headroom_points (weight * headroom: points of the total still to gain),
--   achievement (value / max_value)
with peer_units as (
    select unit_code
    from units
    where era = $era
      and level = $level
      and ($province_code::varchar is null or province_code = $province_code)
      and ($region_code::varchar is null or region_code = $region_code)
      and ($parent_code::varchar is null or parent_code = $parent_code)
      and ($peer_codes::varchar[] is null or list_contains($peer_codes::varchar[], unit_code))
),

component_values as (
    select o.unit_code, o.component, o.value, o.is_illustrative, o.source_id
    from observations as o
    join peer_units as p using (unit_code)
    where o.index_id = $index_id
      and o.era = $era
      and o.level = $level
      and o.year = $year
      and o.component <> 'total'
      and o.value is not null
      and ($with_illustrative or not o.is_illustrative)
),

component_meta as (
    select ord, component, name_vi, name_en, kind, max_value, weight
    from components
    where index_id = $index_id
      and $year between year_from and year_to
      and component <> 'total'
),

peer_stats as (
    select component,
           case when count(*) >= 2 then median(value) end as peer_median,
           case when count(*) >= 2 then max(value) end as peer_best,
           count(*) as n_peers
    from component_values
    group by component
),

mine as (
    select component, value, is_illustrative, source_id
    from component_values
    where unit_code = $unit_code
),

final as (
    select
        m.ord, m.component, m.name_vi, m.name_en, m.kind, m.max_value, m.weight,
        u.value, u.is_illustrative, u.source_id,
        s.peer_median, s.peer_best, s.n_peers,
        u.value - s.peer_median as gap_to_median,
        u.value - s.peer_best as gap_to_best,
        m.max_value - u.value as headroom,
        m.weight * (m.max_value - u.value) as headroom_points,
        u.value / m.max_value as achievement
    from component_meta as m
    left join mine as u using (component)
    left join peer_stats as s using (component)
)

select * from final
order by ord
