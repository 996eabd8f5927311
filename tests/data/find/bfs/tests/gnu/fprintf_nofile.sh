! invoke_bfs basic -fprintf
