"""diagram.md.j2, compiled by Jinja (`make templates` writes this file; do not edit it)."""
KEY = 'bce089855c2878ed8157f346a61ffef9feabd36ab9a2ef3e188b018c984c75ca'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'diagram.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_schema = resolve('schema')
    l_0_pages = resolve('pages')
    l_0_page = resolve('page')
    l_0_view = resolve('view')
    l_0_m = l_0_s = missing
    try:
        t_1 = environment.filters['capitalize']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'capitalize' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_4 = environment.filters['md']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'md' found.")
    pass
    l_0_m = context.vars['m'] = environment.get_template('_macros.md.j2', 'diagram.md.j2')._get_default_module(context)
    context.exported_vars.discard('m')
    yield '# '
    yield str((environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'title') or environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'name')))
    yield ': schema diagram\n\n'
    yield str(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'diagram_about'))
    yield ' of the `'
    yield str(environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'name'))
    yield '` database: '
    yield str(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'diagram_counts'))
    yield '.\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'header'), (undefined(name='pages') if l_0_pages is missing else l_0_pages), 'this page'))
    yield 'Column-level details are in ['
    yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
    yield ']('
    yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
    yield '); commands and queries are in\n['
    yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'quick_reference'), 'name'))
    yield ']('
    yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'quick_reference'), 'name'))
    yield ').\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'intro')))
    yield '\n\n## Contents\n\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'toc'), (undefined(name='page') if l_0_page is missing else l_0_page)))
    yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'er_diagram')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\nEvery table and column, by SQL name and declared type (`any` where none is declared). `PK` marks a\nprimary key, `FK` a foreign key and `UK` a unique column; the quoted note says which columns hold JSON\n(stored as `text`) and where a key points. A solid line is a declared foreign key, labelled by its\ncolumn'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'logical_count'):
            pass
            yield '; a dotted line is a documented link with no foreign key behind it'
        yield '.\n'
        if (environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'views') or environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'virtuals')):
            pass
            yield str(t_1(t_2(context.eval_ctx, ((['views'] if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'views') else []) + (['virtual tables'] if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'virtuals') else [])), ' and ')))
            yield ' are drawn in their own style, with their columns'
            if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'views'):
                pass
                yield ', and joined by dotted lines to what they read (`computed`: an expression column)'
            yield '.\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'triggers'):
            pass
            yield 'Triggers ('
            yield str(t_3(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'triggers')))
            yield ') are not drawn: a diagram shows what holds rows and how they link;\nthey are listed in ['
            yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
            yield ']('
            yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
            yield '#triggers).\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'er_parts'):
            pass
            yield '\n'
            yield str(t_3(environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'tables')))
            yield ' tables do not read as one diagram at page width, so each category has its own\nbelow, with the tables one foreign key away from it drawn by name only (in grey). The whole schema in one\ndiagram follows, folded.\n'
            for l_1_p in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'er_parts'):
                _loop_vars = {}
                pass
                yield '\n### Diagram: '
                yield str(environment.getattr(l_1_p, 'title'))
                yield '\n\n```mermaid\n'
                yield str(environment.getattr(l_1_p, 'mermaid'))
                yield '```\n'
            l_1_p = missing
            yield '\n<details>\n<summary>The whole schema in one diagram ('
            yield str(t_3(environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'tables')))
            yield ' tables)</summary>\n\n```mermaid\n'
            yield str(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'er_diagram'))
            yield '```\n\n</details>\n'
        else:
            pass
            yield '\n```mermaid\n'
            yield str(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'er_diagram'))
            yield '```\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'relationships'):
            pass
            yield '\n| From (many) | To (one) | Column | Label | Kind | Cardinality |\n| --- | --- | --- | --- | --- | --- |\n'
            for l_1_r in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'relationships'):
                _loop_vars = {}
                pass
                yield '| `'
                yield str(environment.getattr(environment.getattr(l_1_r, 'rel'), 'child'))
                yield '` | `'
                yield str(environment.getattr(environment.getattr(l_1_r, 'rel'), 'parent'))
                yield '` | `'
                yield str(environment.getattr(l_1_r, 'source'))
                yield '` → `'
                yield str(environment.getattr(l_1_r, 'target'))
                yield '` | '
                yield str(t_4(environment.getattr(environment.getattr(l_1_r, 'rel'), 'verb')))
                yield ' | '
                yield str(('logical (no foreign key)' if environment.getattr(environment.getattr(l_1_r, 'rel'), 'logical') else str_join(('foreign key, ', environment.getattr(l_1_r, 'actions'), ))))
                yield ' | '
                yield str(environment.getattr(environment.getattr(l_1_r, 'rel'), 'cardinality'))
                yield ' |\n'
            l_1_r = missing
            yield '\nSQLite checks foreign keys only on connections that run `PRAGMA foreign_keys = ON`; with no `ON DELETE`\naction, deleting a referenced row is refused on such a connection and silently allowed on any other.\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'categories')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
        for l_1_c in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'categories'):
            _loop_vars = {}
            pass
            yield '\n### '
            yield str(environment.getattr(l_1_c, 'name'))
            yield '\n\n'
            if environment.getattr(l_1_c, 'description'):
                pass
                yield str(environment.getattr(l_1_c, 'description'))
                yield '\n\n'
            yield '| Table | Purpose | Columns |\n| --- | --- | --- |\n'
            for l_2_tv in environment.getattr(l_1_c, 'tables'):
                _loop_vars = {}
                pass
                yield '| [`'
                yield str(environment.getattr(environment.getattr(l_2_tv, 'table'), 'name'))
                yield '`]('
                yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
                yield '#'
                yield str(environment.getattr(l_2_tv, 'anchor'))
                yield ') | '
                yield str(t_4(environment.getattr(l_2_tv, 'summary')))
                yield ' | '
                yield str(t_3(environment.getattr(environment.getattr(l_2_tv, 'table'), 'columns')))
                yield ' |\n'
            l_2_tv = missing
        l_1_c = missing
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'data_flow')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'flowchart'):
            pass
            yield 'How rows reach each table: the actors (rounded boxes) read and write the tables (cylinders). The diagram\ndocuments behaviour; the database does not enforce it.\n\n```mermaid\n'
            yield str(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'flowchart'))
            yield '```\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'statistics')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'has_planning'):
            pass
            yield 'Estimated rows, growth and storage impact are planning figures from the spec, not measurements.\nColumn, JSON and index counts are computed from the schema.\n'
        else:
            pass
            yield 'Counts computed from the schema.\n'
        yield '\n| '
        yield str(t_2(context.eval_ctx, environment.getitem(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'statistics'), 0), ' | '))
        yield ' |\n|'
        for l_1__ in environment.getitem(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'statistics'), 0):
            _loop_vars = {}
            pass
            yield ' --- |'
        l_1__ = missing
        yield '\n'
        for l_1_row in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'statistics')[1:]:
            _loop_vars = {}
            pass
            yield '| '
            yield str(t_2(context.eval_ctx, l_1_row, ' | '))
            yield ' |\n'
        l_1_row = missing
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'json_fields'):
            pass
            yield '\n### JSON fields per table\n\n'
            def t_5(fiter):
                for l_1_tv in fiter:
                    if environment.getattr(l_1_tv, 'json_fields'):
                        yield l_1_tv
            l_1_loop = missing
            for l_1_tv, l_1_loop in LoopContext(t_5(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'tables')), undefined):
                _loop_vars = {}
                pass
                yield '- `'
                yield str(environment.getattr(environment.getattr(l_1_tv, 'table'), 'name'))
                yield '` ('
                yield str(t_3(environment.getattr(l_1_tv, 'json_fields')))
                yield '): '
                l_2_loop = missing
                for l_2_f, l_2_loop in LoopContext(environment.getattr(l_1_tv, 'json_fields'), undefined):
                    _loop_vars = {}
                    pass
                    yield '`'
                    yield str(environment.getattr(environment.getattr(l_2_f, 'column'), 'name'))
                    yield '`'
                    yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 124 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
                l_2_loop = l_2_f = missing
                yield '\n'
            l_1_loop = l_1_tv = missing
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'access_patterns')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'access_patterns'):
            pass
            yield 'The documented frequent queries. Under each one are the indexes whose leading column the query filters,\njoins or sorts on, read from the SQL itself; which of them SQLite picks depends on the data and its\n`ANALYZE` statistics (`EXPLAIN QUERY PLAN` shows it).\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
        l_1_loop = missing
        for (l_1_freq, l_1_queries), l_1_loop in LoopContext(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'access_patterns'), undefined):
            _loop_vars = {}
            pass
            yield '\n### '
            yield str(t_1(l_1_freq))
            yield ' frequency\n'
            l_2_loop = missing
            for l_2_qv, l_2_loop in LoopContext(l_1_queries, undefined):
                _loop_vars = {}
                pass
                yield '\n#### '
                yield str(environment.getattr(environment.getattr(l_2_qv, 'query'), 'title'))
                yield '\n\n```sql\n'
                yield str(environment.getattr(environment.getattr(l_2_qv, 'query'), 'sql'))
                yield '\n```\n\nIndexes that can serve it: '
                l_3_loop = missing
                t_6 = 1
                for l_3_line, l_3_loop in LoopContext(environment.getattr(l_2_qv, 'plan'), undefined):
                    _loop_vars = {}
                    pass
                    yield '`'
                    yield str(l_3_line)
                    yield '`'
                    yield str(('; ' if (not environment.getattr(l_3_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 152 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
                    t_6 = 0
                l_3_loop = l_3_line = missing
                if t_6:
                    pass
                    yield 'none'
                yield '\n'
            l_2_loop = l_2_qv = missing
        l_1_loop = l_1_freq = l_1_queries = missing
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'indexing')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\nEvery index in the schema ('
        yield str(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'index_count'))
        yield ')'
        if environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'queries'):
            pass
            yield ', with the documented queries (by `id` in\n`'
            yield str(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'spec'))
            yield '`) that filter, join or sort on its leading column'
        yield '.\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'autoindex_tables'):
            pass
            yield "Primary keys that are not the rowid also get SQLite's automatic unique index (`sqlite_autoindex_<table>_1`):\n"
            l_1_loop = missing
            for l_1_t, l_1_loop in LoopContext(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'autoindex_tables'), undefined):
                _loop_vars = {}
                pass
                yield '`'
                yield str(l_1_t)
                yield '`'
                yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 166 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
            l_1_loop = l_1_t = missing
            yield '.\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'rowid_tables'):
            pass
            yield 'Integer primary keys are the rowid itself and need no index:\n'
            l_1_loop = missing
            for l_1_t, l_1_loop in LoopContext(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'rowid_tables'), undefined):
                _loop_vars = {}
                pass
                yield '`'
                yield str(l_1_t)
                yield '`'
                yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 170 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
            l_1_loop = l_1_t = missing
            yield '.\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'without_rowid_tables'):
            pass
            yield '`WITHOUT ROWID` tables are stored in their primary-key index, which needs no other:\n'
            l_1_loop = missing
            for l_1_t, l_1_loop in LoopContext(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'without_rowid_tables'), undefined):
                _loop_vars = {}
                pass
                yield '`'
                yield str(l_1_t)
                yield '`'
                yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 174 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
            l_1_loop = l_1_t = missing
            yield '.\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'indexes'):
            pass
            yield '\n| Index | Table | Columns | Unique | Foreign key served'
            if environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'queries'):
                pass
                yield ' | Used by documented queries'
            yield ' |\n| --- | --- | --- | --- | ---'
            if environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'queries'):
                pass
                yield ' | ---'
            yield ' |\n'
            l_1_loop = missing
            for l_1_row, l_1_loop in LoopContext(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'indexes'), undefined):
                _loop_vars = {}
                pass
                yield '| `'
                yield str(environment.getattr(environment.getattr(l_1_row, 'index'), 'name'))
                yield '` | `'
                yield str(environment.getattr(environment.getattr(l_1_row, 'index'), 'table'))
                yield '` | '
                yield str(t_4(environment.getattr(l_1_row, 'columns')))
                yield ' | '
                yield str(('yes' if environment.getattr(environment.getattr(l_1_row, 'index'), 'unique') else 'no'))
                yield ' | '
                yield str((environment.getattr(l_1_row, 'covers_fk') or '—'))
                if environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'queries'):
                    pass
                    yield ' | '
                    l_2_loop = missing
                    t_7 = 1
                    for l_2_q, l_2_loop in LoopContext(environment.getattr(l_1_row, 'used_by'), undefined):
                        _loop_vars = {}
                        pass
                        yield '`'
                        yield str(l_2_q)
                        yield '`'
                        yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 181 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
                        t_7 = 0
                    l_2_loop = l_2_q = missing
                    if t_7:
                        pass
                        yield 'none'
                yield ' |\n'
            l_1_loop = l_1_row = missing
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'migration_phases')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\nTables are created in this order; a phase only needs tables from earlier phases.\n\n| Phase | Tables | Needs from earlier phases |\n| --- | --- | --- |\n'
        l_1_loop = missing
        for l_1_p, l_1_loop in LoopContext(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'phases'), undefined):
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.getattr(l_1_p, 'number'))
            yield ' | '
            l_2_loop = missing
            for l_2_t, l_2_loop in LoopContext(environment.getattr(l_1_p, 'tables'), undefined):
                _loop_vars = {}
                pass
                yield '`'
                yield str(l_2_t)
                yield '`'
                yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 196 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
            l_2_loop = l_2_t = missing
            yield ' | '
            l_2_loop = missing
            t_8 = 1
            for l_2_t, l_2_loop in LoopContext(environment.getattr(l_1_p, 'needs'), undefined):
                _loop_vars = {}
                pass
                yield '`'
                yield str(l_2_t)
                yield '`'
                yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 196 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
                t_8 = 0
            l_2_loop = l_2_t = missing
            if t_8:
                pass
                yield '—'
            yield ' |\n'
        l_1_loop = l_1_p = missing
        yield '\n`schemagen push` itself creates every missing table in one atomic batch, in foreign-key order.\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'backup')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'bullets'), (undefined(name='s') if l_0_s is missing else l_0_s)))
        yield '- **After a restore:** `schemagen plan --check` confirms the restored database matches the spec.\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'codes'), (undefined(name='s') if l_0_s is missing else l_0_s)))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'monitoring')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'has_planning'):
            pass
            yield '- **Growth:** row counts against the estimates and growth targets in [Statistics](#statistics)'
            if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'high_storage'):
                pass
                yield ';\n  watch the high-storage tables first: '
                l_1_loop = missing
                for l_1_t, l_1_loop in LoopContext(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'high_storage'), undefined):
                    _loop_vars = {}
                    pass
                    yield '`'
                    yield str(l_1_t)
                    yield '`'
                    yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 218 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
                l_1_loop = l_1_t = missing
            yield '.\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'bullets'), (undefined(name='s') if l_0_s is missing else l_0_s)))
        yield '- **Schema drift:** `schemagen plan --check` exits 1 when the live database no longer matches the spec.\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'codes'), (undefined(name='s') if l_0_s is missing else l_0_s)))
        yield '\n'

blocks = {}
debug_info = '1=40&2=43&4=45&5=51&6=53&7=57&8=61&12=63&13=65&14=68&16=71&21=73&22=77&23=79&25=85&26=88&27=90&29=94&31=97&34=99&36=103&39=105&43=109&46=111&52=116&54=118&58=121&59=125&65=141&67=143&68=146&70=149&71=151&72=153&74=157&76=159&77=161&82=164&83=168&87=180&88=183&90=186&92=188&97=191&99=193&101=195&102=198&104=201&106=203&113=210&114=212&116=218&117=222&119=225&123=228&124=237&128=252&130=254&131=257&133=260&135=262&140=265&141=268&143=272&144=275&146=279&149=281&152=285&157=300&158=303&160=306&162=308&163=313&164=316&166=320&168=329&170=333&172=342&174=346&176=355&178=358&179=362&180=367&181=371&184=399&186=401&187=404&189=407&195=410&196=414&200=443&202=445&203=448&205=451&207=453&209=455&211=457&212=460&214=463&216=465&217=468&218=472&220=481&222=483'
