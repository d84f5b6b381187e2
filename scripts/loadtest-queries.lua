-- The wrk request script of `make loadtest` and `make loadtest-cluster`: searches (the server's default mode)
-- cycling through twelve queries about the demo corpus.
local queries = {"checkpoint", "write-ahead+log", "virtual+table", "%22page+cache%22", "transaction+isolation",
  "index", "vacuum", "journal+mode", "fts5+tokenizer", "busy+timeout", "wal+file+size", "locking"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/v1/search?limit=10&q=" .. queries[(i % #queries) + 1])
end
