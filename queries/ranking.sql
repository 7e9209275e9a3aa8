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

scored as (
    select p.*, t.* exclude (unit_code)
    from peer_units as p
    join totals as t using (unit_code)
),

ranked as (
    select
        *,
        rank() over (order by value desc) as rank_in_peers,
        rank() over (order by value asc) as rank_from_bottom,
        count(*) over () as n_units,
        max(value) over () as leader_value,
        median(value) over () as peer_median,
        ntile(4) over (order by value desc) as quartile
    from scored
),

distinct_values as (
    select value, lag(value) over (order by value desc) as next_better_value
    from (select distinct value from ranked)
),

band_by_value as (
    select r.unit_code, arg_max(b.band_id, b.min_value) as band_id
    from ranked as r
    join bands as b
      on b.index_id = $index_id
     and $year between b.year_from and b.year_to
     and b.min_value is not null
     and r.value >= b.min_value
    group by r.unit_code
),

final as (
    select
        r.unit_code, r.name_vi, r.name_en, r.unit_type, r.parent_code, r.province_code,
        r.region_code, r.value, r.rank_in_peers, r.n_units,
        round(100.0 * (r.rank_from_bottom - 1) / greatest(r.n_units - 1, 1), 1) as percentile,
        r.peer_median, r.leader_value,
        r.leader_value - r.value as gap_to_leader,
        r.peer_median - r.value as gap_to_median,
        d.next_better_value - r.value as gap_to_next_rank,
        coalesce(bv.band_id, bq.band_id) as rating_id,
        coalesce(nv.name_vi, bq.name_vi) as rating_vi,
        coalesce(nv.name_en, bq.name_en) as rating_en,
        r.is_illustrative, r.published_rank, r.published_band, r.source_id, r.pub_source_id,
        r.method_version
    from ranked as r
    join distinct_values as d using (value)
    left join band_by_value as bv using (unit_code)
    left join bands as nv
      on nv.index_id = $index_id and nv.band_id = bv.band_id
    left join bands as bq
      on bq.index_id = $index_id and bq.quartile = r.quartile
)

select * from final
order by rank_in_peers, unit_code
