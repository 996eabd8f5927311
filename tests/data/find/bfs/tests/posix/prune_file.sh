bfs_diff basic -print -name '?' -prune
