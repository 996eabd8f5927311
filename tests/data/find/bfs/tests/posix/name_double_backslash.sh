# An escaped \\ matches
bfs_diff weirdnames -name '\\'
