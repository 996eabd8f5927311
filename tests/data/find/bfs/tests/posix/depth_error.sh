! bfs_diff inaccessible -depth
