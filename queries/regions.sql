-- regions: the six socio-economic regions with their names.
-- params: none
-- output: region_code, region_vi, region_en
with final as (
    select region_code, region_vi, region_en from regions
)

select * from final
order by region_code
