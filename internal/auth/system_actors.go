package auth

// systemActors are the names the audit log gives to what parkpi does by
// itself — the demo's loader ("seed"), the first load of the catalogue
// ("system"), a synthetic data set ("gen"), an agency list import
// ("import"), the command line ("cli") — so no account may take one: a page
// shows them as words, never as someone's name.
var systemActors = map[string]bool{"seed": true, "system": true, "gen": true, "import": true, "cli": true}

// IsSystemActor reports whether an audit row's actor is parkpi itself.
func IsSystemActor(name string) bool { return systemActors[name] }
