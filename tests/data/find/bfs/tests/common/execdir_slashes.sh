bfs_diff /// -maxdepth 0 -execdir echo {} \;
