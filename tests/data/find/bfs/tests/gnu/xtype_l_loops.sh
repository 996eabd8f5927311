bfs_diff loops -xtype l
