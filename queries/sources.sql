-- sources: every source of the snapshot (id, title, address, kind, licence).
-- params: none
-- output: source_id, title, url, kind, licence
with final as (
    select source_id, title, url, kind, licence
    from sources
)

select * from final
order by source_id
