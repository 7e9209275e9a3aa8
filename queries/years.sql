-- years: the years with totals shown for an index at a level of an era, newest first.
-- params: $era, $level, $index_id,
--         $with_illustrative  false = published and imported figures only; true = also illustrative ones
-- output: year, n_units (units with a total shown), n_published (of which the value is published
--         or imported), n_level (units with any total that year, illustrative included: the 63 or 34)
with totals as (
    select year, is_illustrative
    from observations
    where index_id = $index_id and era = $era and level = $level and component = 'total'
      and value is not null
),

final as (
    select year,
           count(*) filter (where $with_illustrative or not is_illustrative) as n_units,
           count(*) filter (where not is_illustrative) as n_published,
           count(*) as n_level
    from totals
    group by year
)

select * from final
where n_units > 0
order by year desc
