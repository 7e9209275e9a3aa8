-- trend: one unit's total and rank in every year, with its predecessors' and successor's history
--        across the 2025 reorganisation (and Hà Tây → Hà Nội in 2008).
-- params: $index_id, $era, $level, $unit_code   the unit as chosen (its own era and level)
--         $with_illustrative  false = published and imported figures only
-- output (one row per series unit and year, oldest first):
--   year, era, relation ('self' | 'predecessor' | 'successor'), unit_code, name_vi, name_en,
--   crosswalk_relation ('whole' | 'partial' | null for self), value, rank_in_group, n_in_group
--   (rank among the provinces of the era, or among the units of the same province below
--   province level), is_illustrative, source_id
--   Without illustrative figures, in a year whose group is only partly published, rank_in_group is
--   the rank the source printed (published_rank, or null) of n_in_group = every unit with a figure.
with series as (
    select $era::varchar as era, $unit_code::varchar as unit_code, 'self' as relation,
           null::varchar as crosswalk_relation
    union all
    select old_era, old_code, 'predecessor', relation
    from crosswalk
    where new_era = $era and new_code = $unit_code and old_level = $level and new_level = $level
      and (old_era <> $era or old_code <> $unit_code)
    union all
    select new_era, new_code, 'successor', relation
    from crosswalk
    where old_era = $era and old_code = $unit_code and old_level = $level and new_level = $level
      and (new_era <> $era or new_code <> $unit_code)
),

series_eras as (
    select distinct era from series
),

totals as (
    select o.era, o.year, o.unit_code, o.value, o.is_illustrative, o.source_id, o.published_rank,
           u.province_code
    from observations as o
    join units as u
      on u.era = o.era and u.level = o.level and u.unit_code = o.unit_code
    where o.index_id = $index_id
      and o.level = $level
      and o.component = 'total'
      and o.value is not null
      and o.era in (select era from series_eras)
),

-- one window pass over every figure: where the group is complete (every figure shown), the rank
-- among all of them is the rank among those shown; elsewhere the printed rank is used
grouped as (
    select
        *,
        count(*) over g as n_all,
        $with_illustrative or count(*) filter (where is_illustrative) over g = 0 as is_complete,
        rank() over (g order by value desc) as rank_among_all
    from totals
    window g as (partition by era, year, case when $level = 'province' then '' else province_code end)
),

ranked as (
    select
        *,
        case when is_complete then rank_among_all else published_rank end as rank_in_group,
        n_all as n_in_group
    from grouped
    where $with_illustrative or not is_illustrative
),

final as (
    select r.year, r.era, s.relation, r.unit_code, u.name_vi, u.name_en, s.crosswalk_relation,
           r.value, r.rank_in_group, r.n_in_group, r.is_illustrative, r.source_id
    from ranked as r
    join series as s on s.era = r.era and s.unit_code = r.unit_code
    join units as u on u.era = r.era and u.level = $level and u.unit_code = r.unit_code
)

select * from final
order by year, relation desc, unit_code
