! invoke_bfs basic \( -print
