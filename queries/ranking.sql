-- ranking: every unit of a peer group on one index and year, with rank and gaps.
-- params:
--   $era, $level, $index_id, $year   which table of results
--   $province_code  null = all provinces; else only units of that province (peer group)
--   $region_code    null = all regions; else only units of that socio-economic region
--   $parent_code    null = any parent; else only units whose parent is this unit
--   $peer_codes     null = no list; else only these unit codes (statistical neighbours, custom peers)
-- output (one row per unit with a total, best first):
--   unit_code, name_vi, name_en, unit_type, parent_code, province_code, region_code,
--   value, rank_in_peers (1 = best; ties share the rank and the next rank is skipped, 1,2,2,4),
--   n_units, percentile (share of peers strictly below, 0–100), peer_median, leader_value,
--   gap_to_leader, gap_to_median, gap_to_next_rank (points to reach the next better score; null for the leader),
--   rating_id, rating_vi, rating_en, is_illustrative, published_rank, published_band,
--   source_id, pub_source_id, method_version
-- how: one pass of window functions over the peers' (unit, value) pairs only, ordered by value
--   (rank from the top = peers minus those at or below + 1; the next better score = the first
--   value above, ties excluded); names and source columns are joined afterwards, because a window
--   that carries text columns costs several times more. The quartile group is ntile(4) taken at
--   the unit's rank, so tied units share a group (doisanh.whatif.quartile_of is the same rule);
--   the rating is the highest threshold at or below the value (ASOF join), else the quartile group.
with peer_units as (
    select unit_code, name_vi, name_en, unit_type, parent_code, province_code, region_code
    from units
    where era = $era
      and level = $level
      and ($province_code::varchar is null or province_code = $province_code)
      and ($region_code::varchar is null or region_code = $region_code)
      and ($parent_code::varchar is null or parent_code = $parent_code)
      and ($peer_codes::varchar[] is null or list_contains($peer_codes::varchar[], unit_code))
),

totals as (
    select unit_code, value, is_illustrative, published_rank, published_band,
           source_id, pub_source_id, method_version
    from observations
    where index_id = $index_id
      and era = $era
      and level = $level
      and year = $year
      and component = 'total'
      and value is not null
),

ranked as (
    select
        t.unit_code, t.value,
        count(*) over () as n_units,
        max(t.value) over () as leader_value,
        median(t.value) over () as peer_median,
        count(*) over by_value as n_at_or_below,
        rank() over by_value as rank_from_bottom,
        first_value(t.value) over (by_value range between current row and unbounded following exclude group)
            as next_better_value
    from totals as t
    semi join peer_units as p using (unit_code)
    window by_value as (order by t.value)
),

positioned as (
    select *,
        n_units - n_at_or_below + 1 as rank_in_peers,
        n_units // 4 as q_base,
        n_units % 4 as q_extra
    from ranked
),

grouped as (
    select *,
        case when rank_in_peers - 1 < q_extra * (q_base + 1)
             then (rank_in_peers - 1) // (q_base + 1) + 1
             else q_extra + (rank_in_peers - 1 - q_extra * (q_base + 1)) // q_base + 1
        end as quartile
    from positioned
),

thresholds as (
    select band_id, min_value, name_vi, name_en
    from bands
    where index_id = $index_id
      and $year between year_from and year_to
      and min_value is not null
),

rated as (
    select g.*, coalesce(th.band_id, bq.band_id) as rating_id,
        coalesce(th.name_vi, bq.name_vi) as rating_vi,
        coalesce(th.name_en, bq.name_en) as rating_en
    from grouped as g
    asof left join thresholds as th
      on g.value >= th.min_value
    left join bands as bq
      on bq.index_id = $index_id and bq.quartile = g.quartile
),

final as (
    select
        p.unit_code, p.name_vi, p.name_en, p.unit_type, p.parent_code, p.province_code,
        p.region_code, r.value, r.rank_in_peers, r.n_units,
        round(100.0 * (r.rank_from_bottom - 1) / greatest(r.n_units - 1, 1), 1) as percentile,
        r.peer_median, r.leader_value,
        r.leader_value - r.value as gap_to_leader,
        r.peer_median - r.value as gap_to_median,
        r.next_better_value - r.value as gap_to_next_rank,
        r.rating_id, r.rating_vi, r.rating_en,
        t.is_illustrative, t.published_rank, t.published_band, t.source_id, t.pub_source_id,
        t.method_version
    from rated as r
    join peer_units as p using (unit_code)
    join totals as t using (unit_code)
)

select * from final
order by rank_in_peers, unit_code
