-- map_values: every unit of a level (of one province, or of the whole country) with its total,
--             rank and position, for the maps. Units without a total keep a row (value null)
--             so the map can draw them grey; a unit that no longer existed in the year and has
--             no figure (Hà Tây after 2008) is left out.
-- params: $era, $level, $index_id, $year   which table of results
--         $province_code                   null = every province; else only units of it
--         $with_illustrative               false = published and imported figures only
-- output (one row per unit, by code):
--   unit_code, name_vi, name_en, province_code, lat, lon, value,
--   rank_in_group (1 = best among the units shown that have a total; ties share the rank),
--   n_in_group (how many of them have a total), is_illustrative, published_rank, source_id
--   Without illustrative figures and with only some units of the level published, rank_in_group
--   is the rank the source printed (published_rank) and n_in_group the units of the level with any
--   figure (the 63 or 34): never a rank among the published few.
with scope_units as (
    select unit_code, name_vi, name_en, province_code, lat, lon, valid_to
    from units
    where era = $era
      and level = $level
      and ($province_code::varchar is null or province_code = $province_code)
),

level_totals as (
    select unit_code, value, is_illustrative, published_rank, source_id
    from observations
    where index_id = $index_id
      and era = $era
      and level = $level
      and year = $year
      and component = 'total'
      and value is not null
),

coverage as (                 -- counted only without illustrative figures (else complete)
    select count(*) as n_level,
           $with_illustrative or count(*) filter (where is_illustrative) = 0 as is_complete
    from level_totals
    where not $with_illustrative
),

totals as (
    select * from level_totals
    where $with_illustrative or not is_illustrative
),

scored as (
    select u.unit_code, u.name_vi, u.name_en, u.province_code, u.lat, u.lon,
           t.value, t.is_illustrative, t.published_rank, t.source_id
    from scope_units as u
    left join totals as t using (unit_code)
    where t.value is not null or u.valid_to is null or year(u.valid_to) >= $year
),

final as (
    select
        s.unit_code, s.name_vi, s.name_en, s.province_code, s.lat, s.lon, s.value,
        case when s.value is null then null
             when c.is_complete then rank() over (order by s.value desc nulls last)
             else s.published_rank end as rank_in_group,
        case when c.is_complete then count(s.value) over () else c.n_level end as n_in_group,
        s.is_illustrative, s.published_rank, s.source_id
    from scored as s
    cross join coverage as c
)

select * from final
order by unit_code
