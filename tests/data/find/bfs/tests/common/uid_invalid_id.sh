! invoke_bfs -uid 1eW6f5RM9Qi
