-- histogram: how the totals of a level are distributed (bins computed in SQL, so a chart never
--            carries 10,000 rows).
-- params: $era, $level, $index_id, $year, $province_code (null = whole country), $bins (number of bins),
--         $with_illustrative (false = published and imported figures only)
-- output: bin, bin_lo, bin_hi, n_units, n_illustrative
with totals as (
    select o.value, o.is_illustrative
    from observations as o
    join units as u on u.era = o.era and u.level = o.level and u.unit_code = o.unit_code
    where o.index_id = $index_id and o.era = $era and o.level = $level and o.year = $year
      and o.component = 'total' and o.value is not null
      and ($with_illustrative or not o.is_illustrative)
      and ($province_code::varchar is null or u.province_code = $province_code)
),

bounds as (
    select min(value) as lo, max(value) as hi,
           greatest((max(value) - min(value)) / $bins, 1e-9) as width
    from totals
),

binned as (
    select least(floor((t.value - b.lo) / b.width)::int, $bins - 1) as bin, t.is_illustrative,
           b.lo, b.width
    from totals as t
    cross join bounds as b
),

final as (
    select bin, any_value(lo) + bin * any_value(width) as bin_lo,
           any_value(lo) + (bin + 1) * any_value(width) as bin_hi,
           count(*) as n_units, count(*) filter (where is_illustrative) as n_illustrative
    from binned
    group by bin
)

select * from final
order by bin
