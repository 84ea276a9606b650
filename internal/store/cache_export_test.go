package store

// WithoutCache turns db's read cache off, so benchmarks can measure the
// queries themselves.
func WithoutCache(db *DB) {
	if db.cache != nil {
		db.cache.close()
		db.cache = nil
	}
}
