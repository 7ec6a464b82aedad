/*
 * sdk/abi/probe.c - the plugin ABI as a shared object, for libabigail.
 *
 * The ABI (sdk/include/plio/ headers) is data layout, not functions: a plugin
 * exports one descriptor symbol and calls the core only through the host
 * table.  abidw describes what a shared object's exported symbols reach, so
 * this file exports one function per public type, taking it by pointer (a
 * struct) or by value (an enum), and defines plio_plugin_entry itself.  Built
 * with -g, its DWARF then holds every struct (size, each field's offset and
 * type, the function-pointer signatures of the host and engine tables),
 * every enum's values and the entry point's signature.  Nothing links it:
 * sdk/abi/abi.sh builds it, abidw dumps it, abidiff compares the dumps.
 *
 * A type added to the headers gets its function here (an added function is
 * a compatible change to abidiff; tests/integration/abi_frozen.sh fails
 * while a type of the headers is missing here).  A type removed from the
 * headers stops this file building, or, its line removed here too, makes
 * abidiff report a removed function: both fail the check.  Types a minor
 * added are guarded by that minor, so the probe also builds against the
 * frozen 1.0 headers (tests/plugins/abi-1.0) and the check can show that
 * 1.0 -> today is allowed.
 */
#include <plio/plio.h>

/* A struct must be defined, not only declared: libabigail takes a struct
 * that lost its definition for the same type. */
#define PROBE(tag, type) \
	_Static_assert(sizeof(type) > 0, #type " is defined"); \
	void plio_abi_##tag(type *p); \
	void plio_abi_##tag(type *p) { (void)p; }
#define PROBE_FN(tag) \
	void plio_abi_##tag(tag *p); \
	void plio_abi_##tag(tag *p) { (void)p; }
#define PROBE_ENUM(tag) \
	void plio_abi_##tag(enum tag e); \
	void plio_abi_##tag(enum tag e) { (void)e; }

/* 1.0 */
PROBE(plio_option_choice, struct plio_option_choice)
PROBE(plio_option, struct plio_option)
PROBE(plio_file, struct plio_file)
PROBE(plio_io_u, struct plio_io_u)
PROBE(plio_ctx, struct plio_ctx)
PROBE(plio_engine, struct plio_engine)
PROBE(plio_profile, struct plio_profile)
PROBE(plio_host, struct plio_host)
PROBE(plio_plugin, struct plio_plugin)
PROBE_FN(plio_plugin_entry_fn)
PROBE_ENUM(plio_opt_type)
PROBE_ENUM(plio_ddir)
PROBE_ENUM(plio_queue_status)
PROBE_ENUM(plio_log_level)

#if PLIO_ABI_MINOR >= 1
PROBE(plio_int_dirs, struct plio_int_dirs)
PROBE(plio_size_dirs, struct plio_size_dirs)
PROBE(plio_size_list, struct plio_size_list)
PROBE(plio_split_entry, struct plio_split_entry)
PROBE(plio_split, struct plio_split)
PROBE(plio_job, struct plio_job)
PROBE(plio_counter, struct plio_counter)
PROBE_ENUM(plio_sync_mode)
#endif

/* The one symbol a plugin exports: defined here with the signature it has
 * always had, so a header that declares it otherwise does not build. */
const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return NULL;
}
