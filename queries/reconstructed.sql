-- reconstructed: the series a post-2025 unit would have had before the reorganisation, as the
--                weighted mean of its predecessors' totals in each year (same index and level).
-- params: $index_id, $level, $unit_code   the post-2025 unit (province or commune)
--         $weighting  'population': weights are the predecessors' 2024 population from the registry
--                     (a predecessor that went only partly into the unit counts population /
--                     n_successors, as if split equally), provided every predecessor with a figure
--                     of this index has a population; otherwise, and for 'equal', every predecessor
--                     weighs 1 (simple mean). Any other value gives no rows.
--         $with_illustrative  false = only published and imported predecessor totals are used
-- output (one row per year with at least one predecessor's total, oldest first):
--   year, value, method ('population' | 'equal': the weighting actually used, the same every year),
--   n_used (predecessors with a total that year), n_predecessors (predecessors with a total of this
--   index in any year), n_without_population (of those, without a population), n_partial (of the
--   used, those that went only partly into the unit), n_illustrative (of the used, illustrative
--   values), is_illustrative (any used value illustrative), used_codes, missing_codes
--   (comma-separated predecessor codes with / without a total that year)
with predecessors as (
    select c.old_code as unit_code, c.relation, c.n_successors, u.population,
           case when c.relation = 'partial' then 1.0 / c.n_successors else 1.0 end as share
    from crosswalk as c
    join units as u on u.era = c.old_era and u.level = c.old_level and u.unit_code = c.old_code
    where c.new_era = 'post2025' and c.new_level = $level and c.new_code = $unit_code
      and c.old_era = 'pre2025' and c.old_level = $level
),

totals as (
    select o.year, o.unit_code, o.value, o.is_illustrative
    from observations as o
    join predecessors as p using (unit_code)
    where o.index_id = $index_id
      and o.era = 'pre2025'
      and o.level = $level
      and o.component = 'total'
      and o.value is not null
      and ($with_illustrative or not o.is_illustrative)
),

contributors as (
    select p.*
    from predecessors as p
    where p.unit_code in (select unit_code from totals)
),

method as (
    select
        case when $weighting = 'population' and count(*) filter (where population is null) = 0
             then 'population' else 'equal' end as method,
        count(*) as n_predecessors,
        count(*) filter (where population is null) as n_without_population,
        list(unit_code order by unit_code) as all_codes
    from contributors
),

weights as (
    select c.unit_code, c.relation,
           case when m.method = 'population' then c.population * c.share else 1.0 end as weight
    from contributors as c
    cross join method as m
),

per_year as (
    select t.year,
           sum(t.value * w.weight) / sum(w.weight) as value,
           count(*) as n_used,
           count(*) filter (where w.relation = 'partial') as n_partial,
           count(*) filter (where t.is_illustrative) as n_illustrative,
           list(t.unit_code order by t.unit_code) as used
    from totals as t
    join weights as w using (unit_code)
    group by t.year
),

final as (
    select y.year, y.value, m.method, y.n_used, m.n_predecessors, m.n_without_population,
           y.n_partial, y.n_illustrative, y.n_illustrative > 0 as is_illustrative,
           array_to_string(y.used, ',') as used_codes,
           array_to_string(list_filter(m.all_codes, lambda x: not list_contains(y.used, x)), ',')
               as missing_codes
    from per_year as y
    cross join method as m
    where $weighting in ('population', 'equal')
)

select * from final
order by year
