bfs_diff links -samefile links/broken
