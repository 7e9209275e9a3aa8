-- district_successors: the post-2025 communes that took the communes of a pre-2025 district.
--   Districts were abolished on 1 July 2025 and the crosswalk maps communes, so a district's
--   successor communes are found through its old communes (a commune split in several gives
--   each part), plus the đặc khu an island district became directly.
-- params: $unit_code   the pre-2025 district
-- output (one row per new commune, by code):
--   unit_code, name_vi, name_en, province_code,
--   n_from_district (how many of the district's old communes went into it, wholly or partly),
--   n_partial (of those, how many went only partly into it),
--   n_predecessors (every old commune that went into it, from any district),
--   relation ('whole': the new commune was made only of this district's communes, each whole |
--             'partial': it also took communes of other districts, or parts of communes),
--   from_codes (the district's old commune codes that went into it, comma-separated)
with old_communes as (
    select unit_code
    from units
    where era = 'pre2025' and level = 'commune' and parent_code = $unit_code
),

through_communes as (
    select c.old_code, c.new_code, c.relation
    from crosswalk as c
    join old_communes as o on o.unit_code = c.old_code
    where c.old_era = 'pre2025' and c.old_level = 'commune'
      and c.new_era = 'post2025' and c.new_level = 'commune'
),

direct as (
    select old_code, new_code, relation
    from crosswalk
    where old_era = 'pre2025' and old_level = 'district' and old_code = $unit_code
      and new_era = 'post2025' and new_level = 'commune'
),

moves as (
    select * from through_communes
    union all
    select * from direct
),

per_new_commune as (
    select new_code,
           count(*) as n_from_district,
           count(*) filter (where relation = 'partial') as n_partial,
           string_agg(old_code, ',' order by old_code) as from_codes
    from moves
    group by new_code
),

all_predecessors as (
    select new_code, count(*) as n_predecessors
    from crosswalk
    where new_era = 'post2025' and new_level = 'commune'
      and new_code in (select new_code from per_new_commune)
    group by new_code
),

final as (
    select p.new_code as unit_code, u.name_vi, u.name_en, u.province_code, p.n_from_district,
           p.n_partial, a.n_predecessors,
           case when p.n_partial = 0 and p.n_from_district = a.n_predecessors then 'whole'
                else 'partial' end as relation,
           p.from_codes
    from per_new_commune as p
    join all_predecessors as a using (new_code)
    join units as u on u.era = 'post2025' and u.level = 'commune' and u.unit_code = p.new_code
)

select * from final
order by unit_code
