-- lineage: where a unit came from and where it went, from the crosswalk (the reorganisation of
--          1 July 2025, and Hà Tây → Hà Nội on 1 August 2008).
-- params: $era, $level, $unit_code   the unit as chosen (its own era and level)
-- output (predecessors first, then successors; by level, then code):
--   direction ('predecessor' | 'successor'), era, level, unit_code, name_vi, name_en,
--   relation ('whole': all of the old unit went into the new one | 'partial': only part of it),
--   n_successors (how many new units of that level the old one went to; > 1 = split),
--   effective (date of the change)
-- A new province's predecessors are provinces only: each old district also has a row
-- 'district → new province', implied by its province and left out here. An old district's
-- successors are its new province (districts were abolished) and, for the five island
-- districts, the đặc khu it became.
with came_from as (
    select 'predecessor' as direction, old_era as era, old_level as level, old_code as unit_code,
           relation, n_successors, effective
    from crosswalk
    where new_era = $era and new_level = $level and new_code = $unit_code
      and not (old_level = 'district' and new_level = 'province')
),

went_to as (
    select 'successor' as direction, new_era, new_level, new_code, relation, n_successors, effective
    from crosswalk
    where old_era = $era and old_level = $level and old_code = $unit_code
),

moves as (
    select * from came_from
    union all
    select * from went_to
),

final as (
    select m.direction, m.era, m.level, m.unit_code, u.name_vi, u.name_en, m.relation,
           m.n_successors, m.effective
    from moves as m
    join units as u on u.era = m.era and u.level = m.level and u.unit_code = m.unit_code
)

select * from final
order by direction,
         case level when 'province' then 1 when 'district' then 2 else 3 end,
         unit_code
