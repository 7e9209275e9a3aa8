-- successors: where a unit went in the next era (or came from, for Hà Tây → Hà Nội).
-- params: $era (the unit's era), $unit_code
-- output: old_level, new_era, new_level, new_code, new_name_vi, new_name_en, relation, n_successors
with moves as (
    select old_level, new_era, new_level, new_code, relation, n_successors
    from crosswalk
    where old_era = $era and old_code = $unit_code and old_level = new_level
),

final as (
    select m.old_level, m.new_era, m.new_level, m.new_code, u.name_vi as new_name_vi,
           u.name_en as new_name_en, m.relation, m.n_successors
    from moves as m
    join units as u on u.era = m.new_era and u.level = m.new_level and u.unit_code = m.new_code
)

select * from final
order by relation desc, new_code
