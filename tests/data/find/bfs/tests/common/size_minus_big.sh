bfs_diff basic -type f -size -9223372036854775807
