-- indicators: published local indicators and their targets (e.g. on-time resolution 98.8% vs 98%).
-- params: $year_from, $year_to (inclusive range of years)
-- output: unit_name, parent_name, level, year, indicator_vi, indicator_en, value, unit, target,
--         source_id, note
with final as (
    select unit_name, parent_name, level, year, indicator_vi, indicator_en, value, unit, target,
           source_id, note
    from indicators
    where year between $year_from and $year_to
)

select * from final
order by year desc, level, unit_name, indicator_vi
