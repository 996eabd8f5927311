! invoke_bfs times -newer times/nonexistent
