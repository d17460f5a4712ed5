"""Messages for the akimat's staff that no update asked for: export alerts and digests."""
