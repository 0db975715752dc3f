"""review.md.j2, compiled by Jinja (`make templates` writes this file; do not edit it)."""
KEY = 'ae82b17a598909d8acd2e9736ba03b4e6c124387499855f3b931d22a75df4d71'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'review.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_review = resolve('review')
    l_0_by_table = resolve('by_table')
    l_0_sql = resolve('sql')
    l_0_body = resolve('body')
    try:
        t_1 = environment.filters['code']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'code' found.")
    try:
        t_2 = environment.filters['fence']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'fence' found.")
    try:
        t_3 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_4 = environment.filters['md']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'md' found.")
    try:
        t_5 = environment.filters['span']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'span' found.")
    try:
        t_6 = environment.filters['text']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'text' found.")
    try:
        t_7 = environment.filters['trim']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'trim' found.")
    pass
    yield '## Schema review: '
    yield str(t_5(environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'base')))
    yield ' → '
    yield str(t_5(environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'head')))
    yield '\n\n**'
    yield str(t_6(environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'verdict')))
    yield '**\n\n'
    if (not environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'changes')):
        pass
        yield 'No table, column or index changes.\n'
    l_1_loop = missing
    for (l_1_table, l_1_changes), l_1_loop in LoopContext(context.call(environment.getattr((undefined(name='by_table') if l_0_by_table is missing else l_0_by_table), 'items')), undefined):
        _loop_vars = {}
        pass
        yield '### '
        yield str(t_5(l_1_table))
        yield '\n\n| Change | Name | Attribute | Before | After | Class |\n| --- | --- | --- | --- | --- | --- |\n'
        l_2_loop = missing
        for l_2_c, l_2_loop in LoopContext(l_1_changes, undefined):
            _loop_vars = {}
            pass
            l_3_loop = missing
            for l_3_d, l_3_loop in LoopContext(environment.getattr(l_2_c, 'details'), undefined):
                l_3_cell = resolve('cell')
                l_3_badges = resolve('badges')
                _loop_vars = {}
                pass
                if environment.getattr(l_3_loop, 'first'):
                    pass
                    yield '| '
                    yield str(t_4(environment.getattr(l_2_c, 'subject')))
                    yield ' '
                    yield str(t_4(environment.getattr(l_2_c, 'action')))
                    yield ' | '
                    yield str(t_1(environment.getattr(l_2_c, 'name')))
                    yield ' | '
                    yield str(t_4(environment.getattr(l_3_d, 'attribute')))
                    yield ' | '
                    yield str(context.call((undefined(name='cell') if l_3_cell is missing else l_3_cell), l_3_d, environment.getattr(l_3_d, 'before'), _loop_vars=_loop_vars))
                    yield ' | '
                    yield str(context.call((undefined(name='cell') if l_3_cell is missing else l_3_cell), l_3_d, environment.getattr(l_3_d, 'after'), _loop_vars=_loop_vars))
                    yield ' | '
                    yield str(environment.getitem((undefined(name='badges') if l_3_badges is missing else l_3_badges), environment.getattr(l_2_c, 'risk')))
                    yield ' |\n'
                else:
                    pass
                    yield '| | | '
                    yield str(t_4(environment.getattr(l_3_d, 'attribute')))
                    yield ' | '
                    yield str(context.call((undefined(name='cell') if l_3_cell is missing else l_3_cell), l_3_d, environment.getattr(l_3_d, 'before'), _loop_vars=_loop_vars))
                    yield ' | '
                    yield str(context.call((undefined(name='cell') if l_3_cell is missing else l_3_cell), l_3_d, environment.getattr(l_3_d, 'after'), _loop_vars=_loop_vars))
                    yield ' | |\n'
            l_3_loop = l_3_d = l_3_cell = l_3_badges = missing
        l_2_loop = l_2_c = missing
        def t_8(fiter):
            l_2_compat = resolve('compat')
            for l_2_c in fiter:
                if (((environment.getattr(l_2_c, 'table'), environment.getattr(l_2_c, 'name')) in (undefined(name='compat') if l_2_compat is missing else l_2_compat)) and (environment.getattr(l_2_c, 'subject') == 'column')):
                    yield l_2_c
        for l_2_c in t_8(l_1_changes):
            l_2_compat = resolve('compat')
            l_2_k = missing
            _loop_vars = {}
            pass
            l_2_k = environment.getitem((undefined(name='compat') if l_2_compat is missing else l_2_compat), (environment.getattr(l_2_c, 'table'), environment.getattr(l_2_c, 'name')))
            _loop_vars['k'] = l_2_k
            yield '\n**'
            yield str(t_5(str_join((environment.getattr((undefined(name='k') if l_2_k is missing else l_2_k), 'table'), '.', environment.getattr((undefined(name='k') if l_2_k is missing else l_2_k), 'column'), ))))
            yield ' compatibility**\n\n- App code using the column: '
            if environment.getattr((undefined(name='k') if l_2_k is missing else l_2_k), 'readers'):
                pass
                yield '⚠️ could break'
            else:
                pass
                yield '✅ nothing found that breaks it'
            yield '\n'
            for l_3_line in environment.getattr((undefined(name='k') if l_2_k is missing else l_2_k), 'readers'):
                _loop_vars = {}
                pass
                yield '  - '
                yield str(t_6(l_3_line))
                yield '\n'
            l_3_line = missing
            yield '- Rows written by the old code: '
            if environment.getattr((undefined(name='k') if l_2_k is missing else l_2_k), 'old_rows'):
                pass
                yield '⚠️ may not validate'
            else:
                pass
                yield '✅ still validate'
            yield '\n'
            for l_3_line in environment.getattr((undefined(name='k') if l_2_k is missing else l_2_k), 'old_rows'):
                _loop_vars = {}
                pass
                yield '  - '
                yield str(t_6(l_3_line))
                yield '\n'
            l_3_line = missing
            yield '- Concretely: '
            yield str(t_6(environment.getattr((undefined(name='k') if l_2_k is missing else l_2_k), 'example')))
            yield '\n'
            if environment.getattr((undefined(name='k') if l_2_k is missing else l_2_k), 'shape_diff'):
                pass
                yield '\n<details><summary>JSON shape diff</summary>\n\n'
                yield str(t_2(t_7(environment.getattr((undefined(name='k') if l_2_k is missing else l_2_k), 'shape_diff'))))
                yield 'diff\n'
                yield str(t_7(environment.getattr((undefined(name='k') if l_2_k is missing else l_2_k), 'shape_diff')))
                yield '\n'
                yield str(t_2(t_7(environment.getattr((undefined(name='k') if l_2_k is missing else l_2_k), 'shape_diff'))))
                yield '\n\n</details>\n'
        l_2_c = l_2_compat = l_2_k = missing
        yield '\n'
    l_1_loop = l_1_table = l_1_changes = missing
    if environment.getattr(environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'plan'), 'steps'):
        pass
        yield '### What push would run\n\n| # | Class | Table | Step |\n| --- | --- | --- | --- |\n'
        l_1_loop = missing
        for l_1_s, l_1_loop in LoopContext(environment.getattr(environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'plan'), 'steps'), undefined):
            l_1_badges = resolve('badges')
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.getattr(l_1_loop, 'index'))
            yield ' | '
            yield str(environment.getitem((undefined(name='badges') if l_1_badges is missing else l_1_badges), environment.getattr(l_1_s, 'risk')))
            yield ' | '
            yield str(t_1(environment.getattr(l_1_s, 'table')))
            yield ' | '
            yield str(t_4(environment.getattr(l_1_s, 'summary')))
            yield ' |\n'
        l_1_loop = l_1_s = l_1_badges = missing
        if environment.getattr(environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'plan'), 'checks'):
            pass
            yield '\nBefore applying, push counts the existing rows that would violate these new constraints:\n\n'
            for l_1_check in environment.getattr(environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'plan'), 'checks'):
                _loop_vars = {}
                pass
                yield '- '
                yield str(t_5(environment.getattr(l_1_check, 'table')))
                yield ': '
                yield str(t_6(environment.getattr(l_1_check, 'description')))
                yield '\n'
            l_1_check = missing
        yield '\n'
        l_0_body = t_3(context.eval_ctx, (undefined(name='sql') if l_0_sql is missing else l_0_sql), '\n')
        context.vars['body'] = l_0_body
        context.exported_vars.add('body')
        yield str(t_2((undefined(name='body') if l_0_body is missing else l_0_body)))
        yield 'sql\n'
        yield str((undefined(name='body') if l_0_body is missing else l_0_body))
        yield '\n'
        yield str(t_2((undefined(name='body') if l_0_body is missing else l_0_body)))
        yield '\n\n'
    if environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'diagram'):
        pass
        yield '### Changed tables and their neighbours\n\nChanges are marked `[added]`, `[changed]` or `[removed]` (and coloured where Mermaid renders styles).\n\n```mermaid\n'
        yield str(t_7(environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'diagram')))
        yield '\n```\n'

blocks = {}
debug_info = '1=58&3=62&5=64&8=68&9=72&13=75&14=79&15=84&16=87&18=104&22=112&23=122&25=125&27=127&29=134&30=138&32=142&34=149&35=153&37=157&38=159&42=162&43=164&44=166&51=171&56=175&57=180&59=189&63=192&64=196&68=202&69=205&70=207&71=209&74=211&80=214'
