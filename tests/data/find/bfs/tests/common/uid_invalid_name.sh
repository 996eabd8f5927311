! invoke_bfs -uid eW6f5RM9Qi
