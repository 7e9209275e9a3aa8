-- years: the years with totals for an index at a level of an era, newest first.
-- params: $era, $level, $index_id,
--         $with_illustrative  false = published and imported figures only; true = also illustrative ones
-- output: year, n_units (units with a total), n_published (of which the value is published)
with totals as (
    select year, is_illustrative
    from observations
    where index_id = $index_id and era = $era and level = $level and component = 'total'
      and value is not null
      and ($with_illustrative or not is_illustrative)
),

final as (
    select year, count(*) as n_units, count(*) filter (where not is_illustrative) as n_published
    from totals
    group by year
)

select * from final
order by year desc
