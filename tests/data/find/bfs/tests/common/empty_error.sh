! bfs_diff inaccessible -empty
