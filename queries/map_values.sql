-- map_values: every unit of a level (of one province, or of the whole country) with its total,
--             rank and position, for the maps. Units without a total keep a row (value null)
--             so the map can draw them grey; a unit that no longer existed in the year and has
--             no figure (Hà Tây after 2008) is left out.
-- params: $era, $level, $index_id, $year   which table of results
--         $province_code                   null = every province; else only units of it
-- output (one row per unit, by code):
--   unit_code, name_vi, name_en, province_code, lat, lon, value,
--   rank_in_group (1 = best among the units shown that have a total; ties share the rank),
--   n_in_group (how many of them have a total), is_illustrative, published_rank, source_id
with scope_units as (
    select unit_code, name_vi, name_en, province_code, lat, lon, valid_to
    from units
    where era = $era
      and level = $level
      and ($province_code::varchar is null or province_code = $province_code)
),

totals as (
    select unit_code, value, is_illustrative, published_rank, source_id
    from observations
    where index_id = $index_id
      and era = $era
      and level = $level
      and year = $year
      and component = 'total'
      and value is not null
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
        unit_code, name_vi, name_en, province_code, lat, lon, value,
        case when value is not null
             then rank() over (order by value desc nulls last) end as rank_in_group,
        count(value) over () as n_in_group,
        is_illustrative, published_rank, source_id
    from scored
)

select * from final
order by unit_code
