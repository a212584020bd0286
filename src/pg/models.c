/*
 * models.c - genre.find_model and genre.drop_model over the genre.models
 * table (models.h has the lookup rule).
 *
 * PUBLIC may SELECT, INSERT and UPDATE some columns of genre.models, under
 * row-level security, but not DELETE: in PostgreSQL the DELETE privilege
 * also grants LOCK TABLE in every mode, which would let any role block every
 * reader of the table.  drop_model deletes the caller's own row instead,
 * running one fixed statement as the table's owner.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "pg/models.h"

PG_FUNCTION_INFO_V1(genre_find_model);
PG_FUNCTION_INFO_V1(genre_drop_model);

void
genre_error_model_not_found(const char *name)
{
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_OBJECT),
			 errmsg("model \"%s\" does not exist in genre.models", name),
			 errhint("A name means your own model of that name; another role's model is named "
					 "as owner.name.")));
}

Datum
genre_find_model(PG_FUNCTION_ARGS)
{
	text	   *name = PG_GETARG_TEXT_PP(0);
	MemoryContext outer = CurrentMemoryContext;
	Oid			argtypes[1] = {TEXTOID};
	Datum		values[1] = {PointerGetDatum(name)};
	bool		isnull;
	Datum		d;
	struct varlena *result;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args(GENRE_MODELS_LOOKUP_SQL, 1, argtypes, values, NULL,
							  true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read genre.models");
	if (SPI_processed == 0)
		genre_error_model_not_found(text_to_cstring(name));
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	Assert(!isnull);			/* the column is NOT NULL */
	/* a plain copy outside SPI's memory, never a TOAST pointer into the table */
	MemoryContextSwitchTo(outer);
	result = PG_DETOAST_DATUM_COPY(d);
	SPI_finish();
	PG_RETURN_POINTER(result);
}

/* The role that owns genre.models (the extension's installer or the bootstrap superuser). */
static Oid
models_table_owner(void)
{
	Oid			relid = get_relname_relid("models", get_namespace_oid("genre", false));
	HeapTuple	tup;
	Oid			owner;

	if (!OidIsValid(relid))
		elog(ERROR, "table genre.models does not exist");
	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

Datum
genre_drop_model(PG_FUNCTION_ARGS)
{
	text	   *name = PG_GETARG_TEXT_PP(0);
	char	   *caller = GetUserNameFromId(GetUserId(), false);
	Oid			argtypes[2] = {NAMEOID, TEXTOID};
	Datum		values[2];
	Oid			save_userid;
	int			save_sec_context;
	int			save_nestlevel;
	uint64		deleted;
	bool		isnull;
	Datum		owners;

	values[0] = DirectFunctionCall1(namein, CStringGetDatum(caller));
	values[1] = PointerGetDatum(name);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	/*
	 * As the table's owner, as PostgreSQL's own foreign-key checks do: one
	 * fixed statement, the caller's name bound as a parameter, a safe
	 * search_path, no other code run (SECURITY_RESTRICTED_OPERATION).  An
	 * ERROR restores the caller's identity and settings with the
	 * (sub)transaction.
	 */
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(models_table_owner(), save_sec_context | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	if (SPI_execute_with_args("DELETE FROM genre.models"
							  " WHERE owner OPERATOR(pg_catalog.=) $1"
							  "   AND name OPERATOR(pg_catalog.=) $2",
							  2, argtypes, values, NULL, false, 0) != SPI_OK_DELETE)
		elog(ERROR, "could not delete from genre.models");
	deleted = SPI_processed;
	AtEOXact_GUC(false, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec_context);

	if (deleted == 0)
	{
		/* as the caller again: whose model of that name is it? */
		if (SPI_execute_with_args("SELECT pg_catalog.string_agg(pg_catalog.quote_ident(owner), ', '"
								  " ORDER BY owner) FROM genre.models"
								  " WHERE name OPERATOR(pg_catalog.=) $1",
								  1, argtypes + 1, values + 1, NULL, true, 0) != SPI_OK_SELECT)
			elog(ERROR, "could not read genre.models");
		owners = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("drop_model: role %s has no model \"%s\" in genre.models",
							caller, text_to_cstring(name))));
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("drop_model: must be owner of model \"%s\"", text_to_cstring(name)),
				 errdetail("Role %s owns no model of that name; it belongs to %s.",
						   caller, TextDatumGetCString(owners)),
				 errhint("Only a model's owner can drop it.")));
	}
	SPI_finish();
	PG_RETURN_VOID();
}
