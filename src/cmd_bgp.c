/*
 * cmd_bgp.c - the "bgp" command group: BGP routing dumps (MRT) read.
 * Each subcommand is in its own file (cmd_bgp_dump.c, ...; list and rm
 * share cmd_bgp_list.c); this file only lists them.
 */
#include "cmd.h"

const struct cmd_entry cmd_bgp_entry = {
	.name = "bgp",
	.summary = "read BGP routing dumps (MRT RIBs and updates)",
	.usage = "dump [--count] [--warn-limit N] FILE..."
	    "\nbgp import FILE... [--date DATE] [--json]"
	    "\nbgp list [--json]"
	    "\nbgp rm ID [--json]"
	    "\nbgp relationships [--from DATE] [--to DATE] "
	    "[--compare CAIDA-AS-REL-FILE] [--json]",
	.subs = (const struct cmd_entry *const[]){
		&cmd_bgp_dump_entry,
		&cmd_bgp_import_entry, &cmd_bgp_list_entry, &cmd_bgp_rm_entry,
		&cmd_bgp_relationships_entry,
		NULL
	},
	.man = "depeer-bgp",
};
