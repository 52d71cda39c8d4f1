"""New rows of a batch stored as ``bulk_create`` stores them, through ``COPY`` on PostgreSQL.

``bulk_create`` of a batch's 500 articles made one statement of 8,000
parameters, which Django composed and the driver and the server each read
in turn: most of a batch's writing on the importing process's side. ``COPY``
sends the same values as rows, read in C. The articles' primary keys come
first from their sequence, in the order ``bulk_create`` would have given
them; no signal is sent, as with ``bulk_create``.
"""
from django.db import connection

from archive.copying import COPY_ROWS, copying


def insert(objects):
    """Store ``objects``, new instances of one model, and give each its primary key."""
    if not objects:
        return
    model = type(objects[0])
    if not _copies(objects):
        model.objects.bulk_create(objects)
        return
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [meta.db_table, meta.pk.column, len(objects)])
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk
        fields = meta.concrete_fields
        with copying(cursor, _copy_statement(model, [field.column for field in fields])) as copy:
            for obj in objects:
                obj._prepare_related_fields_for_save(operation_name="bulk_create")
                copy.write_row([field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields])
    for obj in objects:
        obj._state.adding, obj._state.db = False, connection.alias


def insert_rows(model, columns, rows):
    """Store ``rows`` (tuples of the values of ``columns``, plain values of the database's own types) as new rows
    of ``model``, whose primary key the database gives: a batch's tag links, made no model instance each."""
    if not _copies(rows):
        model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows])
        return
    with connection.cursor() as cursor, copying(cursor, _copy_statement(model, columns)) as copy:
        for row in rows:
            copy.write_row(row)


def _copies(rows):
    return connection.vendor == "postgresql" and len(rows) >= COPY_ROWS


def _copy_statement(model, columns):
    names = ", ".join(map(connection.ops.quote_name, columns))
    return f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN"
