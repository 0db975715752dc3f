"""python_rows.py.j2, compiled by Jinja (`make templates` writes this file; do not edit it)."""
KEY = 'ed14885907e0af9bc079608387695afd738455b93bb126feab24656abaa8cd43'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'python_rows.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_schema = resolve('schema')
    l_0_generated = resolve('generated')
    l_0_typing_names = resolve('typing_names')
    l_0_table_names = resolve('table_names')
    l_0_definitions = resolve('definitions')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['py_doc']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'py_doc' found.")
    try:
        t_3 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    pass
    yield '"""Row types of '
    yield str(t_2(((environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'title') or environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'name')) or 'the database')))
    yield ', one TypedDict per table.\n\n'
    yield str((undefined(name='generated') if l_0_generated is missing else l_0_generated))
    yield '\nKeys are SQL column names and JSON columns hold the parsed value, as `validate_row` and\n`schemagen import` take them. `<Table>Row` is a row as read: every column, NULL as None.\n`<Table>Insert` is a row to insert: the keys `validate_row` requires are required; the others\n(NULL-able columns, SQL and app defaults, autoincrement ids) may be left out.\n"""\n\nfrom typing import '
    yield str(t_1(context.eval_ctx, (undefined(name='typing_names') if l_0_typing_names is missing else l_0_typing_names), ', '))
    yield '\n\nJsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"\n"""Any parsed JSON value."""\n\nTableName: TypeAlias = Literal['
    yield str((undefined(name='table_names') if l_0_table_names is missing else l_0_table_names))
    yield ']\n"""The tables of the database."""\n'
    for l_1_d in (undefined(name='definitions') if l_0_definitions is missing else l_0_definitions):
        _loop_vars = {}
        pass
        yield '\n\n'
        if t_3(environment.getattr(l_1_d, 'fields')):
            pass
            if environment.getattr(l_1_d, 'class_syntax'):
                pass
                yield 'class '
                yield str(environment.getattr(l_1_d, 'name'))
                yield '(TypedDict):\n'
                for l_2_line in environment.getattr(l_1_d, 'header'):
                    _loop_vars = {}
                    pass
                    yield str(l_2_line)
                    yield '\n'
                l_2_line = missing
                if (environment.getattr(l_1_d, 'header') and environment.getattr(l_1_d, 'fields')):
                    pass
                    yield '\n'
                for l_2_f in environment.getattr(l_1_d, 'fields'):
                    _loop_vars = {}
                    pass
                    yield '    '
                    yield str(environment.getattr(l_2_f, 'name'))
                    yield ': '
                    yield str(environment.getattr(l_2_f, 'type'))
                    yield '\n'
                    for l_3_line in environment.getattr(l_2_f, 'doc'):
                        _loop_vars = {}
                        pass
                        yield str(l_3_line)
                        yield '\n'
                    l_3_line = missing
                l_2_f = missing
                if ((not environment.getattr(l_1_d, 'fields')) and (not environment.getattr(l_1_d, 'header'))):
                    pass
                    yield '    pass\n'
            else:
                pass
                for l_2_line in environment.getattr(l_1_d, 'comment'):
                    _loop_vars = {}
                    pass
                    yield str(l_2_line)
                    yield '\n'
                l_2_line = missing
                yield str(environment.getattr(l_1_d, 'name'))
                yield ' = TypedDict(\n    "'
                yield str(environment.getattr(l_1_d, 'name'))
                yield '",\n    {\n'
                for l_2_f in environment.getattr(l_1_d, 'fields'):
                    _loop_vars = {}
                    pass
                    for l_3_line in environment.getattr(l_2_f, 'comment'):
                        _loop_vars = {}
                        pass
                        yield str(l_3_line)
                        yield '\n'
                    l_3_line = missing
                    yield '        '
                    yield str(environment.getattr(l_2_f, 'key'))
                    yield ': '
                    yield str(environment.getattr(l_2_f, 'type'))
                    yield ',\n'
                l_2_f = missing
                yield '    },\n)\n'
        else:
            pass
            for l_2_line in environment.getattr(l_1_d, 'lines'):
                _loop_vars = {}
                pass
                yield str(l_2_line)
                yield '\n'
            l_2_line = missing
            for l_2_line in environment.getattr(l_1_d, 'doc'):
                _loop_vars = {}
                pass
                yield str(l_2_line)
                yield '\n'
            l_2_line = missing
    l_1_d = missing

blocks = {}
debug_info = '1=35&3=37&10=39&15=41&17=43&20=47&21=49&22=52&23=54&24=57&26=60&29=63&30=67&31=71&32=74&35=78&39=83&40=86&42=89&43=91&45=93&46=96&47=99&49=103&55=111&56=114&58=117&59=120'
