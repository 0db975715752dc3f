"""diagram.md.j2, compiled by Jinja (`make templates` writes this file; do not edit it)."""
KEY = '80797c3767eec1e075f2273c3b75fb93620736b869be81e8fa4cd0db9639ee83'
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
        t_2 = environment.filters['code']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'code' found.")
    try:
        t_3 = environment.filters['fence']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'fence' found.")
    try:
        t_4 = environment.filters['heading']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'heading' found.")
    try:
        t_5 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_6 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_7 = environment.filters['lower']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'lower' found.")
    try:
        t_8 = environment.filters['md']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'md' found.")
    try:
        t_9 = environment.filters['span']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'span' found.")
    try:
        t_10 = environment.filters['text']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'text' found.")
    pass
    l_0_m = context.vars['m'] = environment.get_template('_macros.md.j2', 'diagram.md.j2')._get_default_module(context)
    context.exported_vars.discard('m')
    yield '# '
    yield str(t_4((environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'title') or environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'name'))))
    yield ': schema diagram\n\n'
    yield str(t_10(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'diagram_about')))
    yield ' of the '
    yield str(t_9(environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'name')))
    yield ' database: '
    yield str(t_10(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'diagram_counts')))
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
        yield '\n\nEvery table and column, by SQL name and declared type (`any` where none is declared). `PK` marks a\nprimary key, `FK` a foreign key and `UK` a unique column; the quoted note says which columns hold JSON\n(stored as `text`), and where a key points when its line is not drawn. A solid line is a declared foreign key, labelled by its\ncolumn'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'logical_count'):
            pass
            yield '; a dotted line is a documented link with no foreign key behind it'
        yield '.\n'
        if (environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'views') or environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'virtuals')):
            pass
            yield str(t_1(t_5(context.eval_ctx, ((['views'] if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'views') else []) + (['virtual tables'] if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'virtuals') else [])), ' and ')))
            yield ' are drawn in their own style, with their columns'
            if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'views'):
                pass
                yield ', and joined by dotted lines to what they read (`computed`: an expression column)'
            yield '.\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'triggers'):
            pass
            yield 'Triggers ('
            yield str(t_6(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'triggers')))
            yield ') are not drawn: a diagram shows what holds rows and how they link;\nthey are listed in ['
            yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
            yield ']('
            yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
            yield '#triggers).\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'er_parts'):
            pass
            yield '\n'
            yield str(t_6(environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'tables')))
            yield " tables do not read as one diagram at page width, so each category has its own\nbelow (a column's note names the table its key points to when that table is drawn elsewhere), and each\ntable's section in ["
            yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
            yield ']('
            yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
            yield ') draws it with its neighbours. The\nwhole schema in one diagram follows, folded.\n'
            l_1_loop = missing
            for l_1_p, l_1_loop in LoopContext(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'er_parts'), undefined):
                _loop_vars = {}
                pass
                yield '\n### Diagram: '
                yield str(t_4(environment.getattr(l_1_p, 'title')))
                yield '\n\n```mermaid\n'
                yield str(environment.getattr(l_1_p, 'mermaid'))
                yield '```\n'
                if environment.getattr(l_1_p, 'neighbours'):
                    pass
                    yield '\nLinked tables drawn elsewhere: '
                    l_2_loop = missing
                    for l_2_n, l_2_loop in LoopContext(environment.getattr(l_1_p, 'neighbours'), undefined):
                        _loop_vars = {}
                        pass
                        yield '[`'
                        yield str(l_2_n)
                        yield '`]('
                        yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
                        yield '#'
                        yield str(t_7(l_2_n))
                        yield ')'
                        yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 43 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
                    l_2_loop = l_2_n = missing
                    yield '.\n'
            l_1_loop = l_1_p = missing
            yield '\n<details>\n<summary>The whole schema in one diagram ('
            yield str(t_6(environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'tables')))
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
                yield '| '
                yield str(t_2(environment.getattr(environment.getattr(l_1_r, 'rel'), 'child')))
                yield ' | '
                yield str(t_2(environment.getattr(environment.getattr(l_1_r, 'rel'), 'parent')))
                yield ' | '
                yield str(t_2(environment.getattr(l_1_r, 'source')))
                yield ' → '
                yield str(t_2(environment.getattr(l_1_r, 'target')))
                yield ' | '
                yield str(t_8(environment.getattr(environment.getattr(l_1_r, 'rel'), 'verb')))
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
            yield str(t_10(environment.getattr(l_1_c, 'name')))
            yield '\n\n'
            if environment.getattr(l_1_c, 'description'):
                pass
                yield str(t_10(environment.getattr(l_1_c, 'description')))
                yield '\n\n'
            yield '| Table | Purpose | Columns |\n| --- | --- | --- |\n'
            for l_2_tv in environment.getattr(l_1_c, 'tables'):
                _loop_vars = {}
                pass
                yield '| ['
                yield str(t_2(environment.getattr(environment.getattr(l_2_tv, 'table'), 'name')))
                yield ']('
                yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
                yield '#'
                yield str(environment.getattr(l_2_tv, 'anchor'))
                yield ') | '
                yield str(t_8(environment.getattr(l_2_tv, 'summary')))
                yield ' | '
                yield str(t_6(environment.getattr(environment.getattr(l_2_tv, 'table'), 'columns')))
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
        yield str(t_5(context.eval_ctx, environment.getitem(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'statistics'), 0), ' | '))
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
            yield str(t_5(context.eval_ctx, l_1_row, ' | '))
            yield ' |\n'
        l_1_row = missing
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'json_fields'):
            pass
            yield '\n### JSON fields per table\n\n'
            def t_11(fiter):
                for l_1_tv in fiter:
                    if environment.getattr(l_1_tv, 'json_fields'):
                        yield l_1_tv
            l_1_loop = missing
            for l_1_tv, l_1_loop in LoopContext(t_11(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'tables')), undefined):
                _loop_vars = {}
                pass
                yield '- '
                yield str(t_9(environment.getattr(environment.getattr(l_1_tv, 'table'), 'name')))
                yield ' ('
                yield str(t_6(environment.getattr(l_1_tv, 'json_fields')))
                yield '): '
                l_2_loop = missing
                for l_2_f, l_2_loop in LoopContext(environment.getattr(l_1_tv, 'json_fields'), undefined):
                    _loop_vars = {}
                    pass
                    yield str(t_9(environment.getattr(environment.getattr(l_2_f, 'column'), 'name')))
                    yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 129 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
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
                yield str(t_4(environment.getattr(environment.getattr(l_2_qv, 'query'), 'title')))
                yield '\n\n'
                yield str(t_3(environment.getattr(environment.getattr(l_2_qv, 'query'), 'sql')))
                yield 'sql\n'
                yield str(environment.getattr(environment.getattr(l_2_qv, 'query'), 'sql'))
                yield '\n'
                yield str(t_3(environment.getattr(environment.getattr(l_2_qv, 'query'), 'sql')))
                yield '\n\nIndexes that can serve it: '
                l_3_loop = missing
                t_12 = 1
                for l_3_line, l_3_loop in LoopContext(environment.getattr(l_2_qv, 'plan'), undefined):
                    _loop_vars = {}
                    pass
                    yield str(t_9(l_3_line))
                    yield str(('; ' if (not environment.getattr(l_3_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 157 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
                    t_12 = 0
                l_3_loop = l_3_line = missing
                if t_12:
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
        yield str(t_10(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'index_count')))
        yield ')'
        if environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'queries'):
            pass
            yield ', with the documented queries (by `id` in\n'
            yield str(t_9(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'spec')))
            yield ') that filter, join or sort on its leading column'
        yield '.\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'autoindex_tables'):
            pass
            yield "Primary keys that are not the rowid also get SQLite's automatic unique index (`sqlite_autoindex_<table>_1`):\n"
            l_1_loop = missing
            for l_1_t, l_1_loop in LoopContext(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'autoindex_tables'), undefined):
                _loop_vars = {}
                pass
                yield str(t_9(l_1_t))
                yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 171 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
            l_1_loop = l_1_t = missing
            yield '.\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'rowid_tables'):
            pass
            yield 'Integer primary keys are the rowid itself and need no index:\n'
            l_1_loop = missing
            for l_1_t, l_1_loop in LoopContext(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'rowid_tables'), undefined):
                _loop_vars = {}
                pass
                yield str(t_9(l_1_t))
                yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 175 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
            l_1_loop = l_1_t = missing
            yield '.\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'without_rowid_tables'):
            pass
            yield '`WITHOUT ROWID` tables are stored in their primary-key index, which needs no other:\n'
            l_1_loop = missing
            for l_1_t, l_1_loop in LoopContext(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'without_rowid_tables'), undefined):
                _loop_vars = {}
                pass
                yield str(t_9(l_1_t))
                yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 179 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
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
                yield '| '
                yield str(t_2(environment.getattr(environment.getattr(l_1_row, 'index'), 'name')))
                yield ' | '
                yield str(t_2(environment.getattr(environment.getattr(l_1_row, 'index'), 'table')))
                yield ' | '
                yield str(t_8(environment.getattr(l_1_row, 'columns')))
                yield ' | '
                yield str(('yes' if environment.getattr(environment.getattr(l_1_row, 'index'), 'unique') else 'no'))
                yield ' | '
                yield str(t_8((environment.getattr(l_1_row, 'covers_fk') or '—')))
                if environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'queries'):
                    pass
                    yield ' | '
                    l_2_loop = missing
                    t_13 = 1
                    for l_2_q, l_2_loop in LoopContext(environment.getattr(l_1_row, 'used_by'), undefined):
                        _loop_vars = {}
                        pass
                        yield str(t_2(l_2_q))
                        yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 186 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
                        t_13 = 0
                    l_2_loop = l_2_q = missing
                    if t_13:
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
            yield str(t_8(environment.getattr(l_1_p, 'number')))
            yield ' | '
            l_2_loop = missing
            for l_2_t, l_2_loop in LoopContext(environment.getattr(l_1_p, 'tables'), undefined):
                _loop_vars = {}
                pass
                yield str(t_2(l_2_t))
                yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 201 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
            l_2_loop = l_2_t = missing
            yield ' | '
            l_2_loop = missing
            t_14 = 1
            for l_2_t, l_2_loop in LoopContext(environment.getattr(l_1_p, 'needs'), undefined):
                _loop_vars = {}
                pass
                yield str(t_2(l_2_t))
                yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 201 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
                t_14 = 0
            l_2_loop = l_2_t = missing
            if t_14:
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
                    yield str(t_9(l_1_t))
                    yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 223 in 'diagram.md.j2' evaluated to false and no else section was defined.")))
                l_1_loop = l_1_t = missing
            yield '.\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'bullets'), (undefined(name='s') if l_0_s is missing else l_0_s)))
        yield '- **Schema drift:** `schemagen plan --check` exits 1 when the live database no longer matches the spec.\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'codes'), (undefined(name='s') if l_0_s is missing else l_0_s)))
        yield '\n'

blocks = {}
debug_info = '1=76&2=79&4=81&5=87&6=89&7=93&8=97&12=99&13=101&14=104&16=107&21=109&22=113&23=115&25=121&26=124&27=126&29=130&31=133&33=135&35=140&37=144&40=146&41=148&43=152&48=167&51=169&57=174&59=176&63=179&64=183&70=199&72=201&73=204&75=207&76=209&77=211&79=215&81=217&82=219&87=222&88=226&92=238&93=241&95=244&97=246&102=249&104=251&106=253&107=256&109=259&111=261&118=268&119=270&121=276&122=280&124=283&128=286&129=295&133=308&135=310&136=313&138=316&140=318&145=321&146=324&148=328&149=331&151=335&153=337&154=339&155=341&157=345&162=358&163=361&165=364&167=366&168=371&169=374&171=378&173=385&175=389&177=396&179=400&181=407&183=410&184=414&185=419&186=423&189=449&191=451&192=454&194=457&200=460&201=464&205=489&207=491&208=494&210=497&212=499&214=501&216=503&217=506&219=509&221=511&222=514&223=518&225=525&227=527'
