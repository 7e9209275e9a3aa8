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
-- how: the peers' values are grouped by distinct value (many units share a score); one window over
--   those few rows, ordered by value, gives the peers at or below each value (running sum of the
--   ties), hence the rank from the top (peers above + 1, ties share it) and the percentile (peers
--   strictly below), and the next better score (the next distinct value). Count, leader and median
--   come from one aggregate over the peers. The rating is looked up once per distinct value too:
--   the highest threshold at or below the value (ASOF join), else the band of the quartile group,
--   ntile(4) taken at the unit's rank so tied units share a group (doisanh.whatif.quartile_of is
--   the same rule). Each unit then gets its value's row by a hash join on the value; names and
--   source columns are joined only there, because a window that carries text columns costs
--   several times more.
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

peers as (
    select value from totals semi join peer_units using (unit_code)
),

-- per distinct value: n_above = peers strictly above, n_below = peers strictly below
ranked as (
    select d.value, s.n_units, s.leader_value, s.peer_median,
        s.n_units - (sum(d.n_tied) over w)::bigint as n_above,
        (sum(d.n_tied) over w)::bigint - d.n_tied as n_below,
        lead(d.value) over w as next_better_value
    from (select value, count(*) as n_tied from peers group by value) as d,
         (select count(*) as n_units, max(value) as leader_value, median(value) as peer_median
          from peers) as s
    window w as (order by d.value)
),

rated as (
    select r.*, coalesce(th.band_id, bq.band_id) as rating_id,
        coalesce(th.name_vi, bq.name_vi) as rating_vi,
        coalesce(th.name_en, bq.name_en) as rating_en
    from ranked as r
    asof left join bands as th
      on th.index_id = $index_id and $year between th.year_from and th.year_to
     and th.min_value is not null and r.value >= th.min_value
    left join bands as bq
      on bq.index_id = $index_id and bq.quartile =
        case when r.n_above < (r.n_units % 4) * (r.n_units // 4 + 1)
             then r.n_above // (r.n_units // 4 + 1) + 1
             else (r.n_units % 4) + (r.n_above - (r.n_units % 4) * (r.n_units // 4 + 1)) // (r.n_units // 4) + 1
        end
)

select
    p.unit_code, p.name_vi, p.name_en, p.unit_type, p.parent_code, p.province_code,
    p.region_code, t.value, r.n_above + 1 as rank_in_peers, r.n_units,
    round(100.0 * r.n_below / greatest(r.n_units - 1, 1), 1) as percentile,
    r.peer_median, r.leader_value,
    r.leader_value - t.value as gap_to_leader,
    r.peer_median - t.value as gap_to_median,
    r.next_better_value - t.value as gap_to_next_rank,
    r.rating_id, r.rating_vi, r.rating_en,
    t.is_illustrative, t.published_rank, t.published_band, t.source_id, t.pub_source_id,
    t.method_version
from totals as t
join peer_units as p using (unit_code)
join rated as r on r.value = t.value
order by rank_in_peers, p.unit_code
