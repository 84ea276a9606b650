package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"

	"parkpi/data"
	"parkpi/internal/gen"
	"parkpi/internal/store"
)

func main() {
	cat, _ := data.Catalogue()
	os.Remove("/tmp/prof.db")
	db, err := store.Open(context.Background(), "/tmp/prof.db", cat)
	if err != nil {
		panic(err)
	}
	f, _ := os.Create("/tmp/gen.prof")
	pprof.StartCPUProfile(f)
	st, err := gen.Load(context.Background(), db, gen.Options{Agencies: 2000, Years: 10})
	pprof.StopCPUProfile()
	fmt.Println(st, err)
	db.Close()
}
