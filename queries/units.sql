-- units: the units of one level in one era, for pickers and name lookups.
-- params: $era, $level, $province_code (null = every province)
-- output: every column of the units table: era, level, unit_code, name_vi, name_en, full_name_vi,
--         unit_type, parent_code, province_code, region_code, search_key, population, area_km2,
--         lat, lon, valid_from, valid_to, source_id
with final as (
    select era, level, unit_code, name_vi, name_en, full_name_vi, unit_type, parent_code,
           province_code, region_code, search_key, population, area_km2, lat, lon, valid_from,
           valid_to, source_id
    from units
    where era = $era
      and level = $level
      and ($province_code::varchar is null or province_code = $province_code)
)

select * from final
order by unit_code
