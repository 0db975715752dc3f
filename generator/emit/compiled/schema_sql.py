"""schema.sql.j2, compiled by Jinja (`make templates` writes this file; do not edit it)."""
KEY = '603fdfc5336527b912029acc1e5d8623393dbac5c93c4740ef219b155892e0c0'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'schema.sql.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_schema = resolve('schema')
    l_0_generated_by = resolve('generated_by')
    l_0_options = resolve('options')
    l_0_view = resolve('view')
    try:
        t_1 = environment.filters['sql_comment']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'sql_comment' found.")
    pass
    yield '-- '
    yield str(t_1((environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'title') or environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'name'))))
    yield ': SQLite / libSQL schema.\n-- '
    yield str(t_1(context.call((undefined(name='generated_by') if l_0_generated_by is missing else l_0_generated_by), environment.getattr((undefined(name='options') if l_0_options is missing else l_0_options), 'spec'), environment.getattr((undefined(name='options') if l_0_options is missing else l_0_options), 'regenerate'))))
    yield '\n-- '
    yield str(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'counts'))
    yield ', in dependency order. Idempotent (IF NOT EXISTS).\n'
    if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'app_defaults'):
        pass
        yield '-- Application-side defaults ('
        yield str(t_1(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'app_defaults')))
        yield ') are set by the app, not by SQL DEFAULTs.\n'
    for l_1_t in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'ddl_tables'):
        _loop_vars = {}
        pass
        yield '\n-- '
        yield str(t_1(environment.getattr(l_1_t, 'comment')))
        yield '\n'
        yield str(environment.getattr(l_1_t, 'create_sql'))
        yield '\n'
        for l_2_ix in environment.getattr(l_1_t, 'index_sql'):
            _loop_vars = {}
            pass
            yield str(l_2_ix)
            yield '\n'
        l_2_ix = missing
    l_1_t = missing
    for (l_1_comment, l_1_sql) in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'ddl_objects'):
        _loop_vars = {}
        pass
        yield '\n-- '
        yield str(t_1(l_1_comment))
        yield '\n'
        yield str(l_1_sql)
        yield '\n'
    l_1_comment = l_1_sql = missing

blocks = {}
debug_info = '1=22&2=24&3=26&4=28&5=31&7=33&9=37&10=39&11=41&12=44&15=48&17=52&18=54'
