-- compare: several units side by side on one index and year — total, rank and every component.
-- params: $era, $level, $index_id, $year, $unit_codes (list of up to 8 unit codes),
--         $with_illustrative (false = published and imported figures only: illustrative cells are empty)
-- output (long: one row per unit and component, 'total' first):
--   unit_code, name_vi, name_en, ord, component, component_vi, component_en, kind, max_value, weight,
--   value, is_illustrative, rank_in_level (rank of the total among all units of the level in the era;
--   null for components), n_in_level, best_in_selection (the highest value among the compared units),
--   gap_to_best_in_selection (value minus that best; 0 for the best)
-- ranks: among every unit of the level when all of them have a figure shown; without illustrative
--   figures and with only some units published, the rank the source printed (published_rank, of
--   n_in_level = all units of the level), never a rank among the published few.
with all_totals as (
    select unit_code, value, is_illustrative, published_rank,
           count(*) over () as n_in_level,
           $with_illustrative or count(*) filter (where is_illustrative) over () = 0 as is_complete
    from observations
    where index_id = $index_id and era = $era and level = $level and year = $year
      and component = 'total' and value is not null
),

level_totals as (
    select unit_code, n_in_level,
           case when is_complete then rank() over (order by value desc)
                else published_rank end as rank_in_level
    from all_totals
    where $with_illustrative or not is_illustrative
),

chosen_units as (
    select unit_code, name_vi, name_en
    from units
    where era = $era and level = $level and list_contains($unit_codes::varchar[], unit_code)
),

meta as (
    select ord, component, name_vi as component_vi, name_en as component_en, kind, max_value, weight
    from components
    where index_id = $index_id and $year between year_from and year_to
),

cells as (
    select u.unit_code, u.name_vi, u.name_en, m.*, o.value, o.is_illustrative
    from chosen_units as u
    cross join meta as m
    left join observations as o
      on o.index_id = $index_id and o.era = $era and o.level = $level and o.year = $year
     and o.unit_code = u.unit_code and o.component = m.component
     and ($with_illustrative or not o.is_illustrative)
),

final as (
    select c.*,
           case when c.component = 'total' then t.rank_in_level end as rank_in_level,
           case when c.component = 'total' then t.n_in_level end as n_in_level,
           max(c.value) over (partition by c.component) as best_in_selection,
           c.value - max(c.value) over (partition by c.component) as gap_to_best_in_selection
    from cells as c
    left join level_totals as t using (unit_code)
)

select unit_code, name_vi, name_en, ord, component, component_vi, component_en, kind, max_value,
       weight, value, is_illustrative, rank_in_level, n_in_level, best_in_selection,
       gap_to_best_in_selection
from final
order by ord, unit_code
