"""review.md.j2, compiled by Jinja (`make templates` writes this file; do not edit it)."""
KEY = 'e39b7e7780a2af46a1f658667b4dd8224d930d816f98cff2b6b42fc2a86f7c2c'
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
    try:
        t_1 = environment.filters['md']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'md' found.")
    try:
        t_2 = environment.filters['trim']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'trim' found.")
    pass
    yield '## Schema review: `'
    yield str(environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'base'))
    yield '` → `'
    yield str(environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'head'))
    yield '`\n\n**'
    yield str(environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'verdict'))
    yield '**\n\n'
    if (not environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'changes')):
        pass
        yield 'No table, column or index changes.\n'
    l_1_loop = missing
    for (l_1_table, l_1_changes), l_1_loop in LoopContext(context.call(environment.getattr((undefined(name='by_table') if l_0_by_table is missing else l_0_by_table), 'items')), undefined):
        _loop_vars = {}
        pass
        yield '### `'
        yield str(l_1_table)
        yield '`\n\n| Change | Name | Attribute | Before | After | Class |\n| --- | --- | --- | --- | --- | --- |\n'
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
                    yield str(environment.getattr(l_2_c, 'subject'))
                    yield ' '
                    yield str(environment.getattr(l_2_c, 'action'))
                    yield ' | `'
                    yield str(environment.getattr(l_2_c, 'name'))
                    yield '` | '
                    yield str(environment.getattr(l_3_d, 'attribute'))
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
                    yield str(environment.getattr(l_3_d, 'attribute'))
                    yield ' | '
                    yield str(context.call((undefined(name='cell') if l_3_cell is missing else l_3_cell), l_3_d, environment.getattr(l_3_d, 'before'), _loop_vars=_loop_vars))
                    yield ' | '
                    yield str(context.call((undefined(name='cell') if l_3_cell is missing else l_3_cell), l_3_d, environment.getattr(l_3_d, 'after'), _loop_vars=_loop_vars))
                    yield ' | |\n'
            l_3_loop = l_3_d = l_3_cell = l_3_badges = missing
        l_2_loop = l_2_c = missing
        def t_3(fiter):
            l_2_compat = resolve('compat')
            for l_2_c in fiter:
                if (((environment.getattr(l_2_c, 'table'), environment.getattr(l_2_c, 'name')) in (undefined(name='compat') if l_2_compat is missing else l_2_compat)) and (environment.getattr(l_2_c, 'subject') == 'column')):
                    yield l_2_c
        for l_2_c in t_3(l_1_changes):
            l_2_compat = resolve('compat')
            l_2_k = missing
            _loop_vars = {}
            pass
            l_2_k = environment.getitem((undefined(name='compat') if l_2_compat is missing else l_2_compat), (environment.getattr(l_2_c, 'table'), environment.getattr(l_2_c, 'name')))
            _loop_vars['k'] = l_2_k
            yield '\n**`'
            yield str(environment.getattr((undefined(name='k') if l_2_k is missing else l_2_k), 'table'))
            yield '.'
            yield str(environment.getattr((undefined(name='k') if l_2_k is missing else l_2_k), 'column'))
            yield '` compatibility**\n\n- App code using the column: '
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
                yield str(l_3_line)
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
                yield str(l_3_line)
                yield '\n'
            l_3_line = missing
            yield '- Concretely: '
            yield str(environment.getattr((undefined(name='k') if l_2_k is missing else l_2_k), 'example'))
            yield '\n'
            if environment.getattr((undefined(name='k') if l_2_k is missing else l_2_k), 'shape_diff'):
                pass
                yield '\n<details><summary>JSON shape diff</summary>\n\n```diff\n'
                yield str(t_2(environment.getattr((undefined(name='k') if l_2_k is missing else l_2_k), 'shape_diff')))
                yield '\n```\n\n</details>\n'
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
            yield ' | `'
            yield str(environment.getattr(l_1_s, 'table'))
            yield '` | '
            yield str(t_1(environment.getattr(l_1_s, 'summary')))
            yield ' |\n'
        l_1_loop = l_1_s = l_1_badges = missing
        if environment.getattr(environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'plan'), 'checks'):
            pass
            yield '\nBefore applying, push counts the existing rows that would violate these new constraints:\n\n'
            for l_1_check in environment.getattr(environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'plan'), 'checks'):
                _loop_vars = {}
                pass
                yield '- `'
                yield str(environment.getattr(l_1_check, 'table'))
                yield '`: '
                yield str(environment.getattr(l_1_check, 'description'))
                yield '\n'
            l_1_check = missing
        yield '\n```sql\n'
        for l_1_stmt in (undefined(name='sql') if l_0_sql is missing else l_0_sql):
            _loop_vars = {}
            pass
            yield str(l_1_stmt)
            yield '\n'
        l_1_stmt = missing
        yield '```\n\n'
    if environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'diagram'):
        pass
        yield '### Changed tables and their neighbours\n\nChanges are marked `[added]`, `[changed]` or `[removed]` (and coloured where Mermaid renders styles).\n\n```mermaid\n'
        yield str(t_2(environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'diagram')))
        yield '\n```\n'

blocks = {}
debug_info = '1=27&3=31&5=33&8=37&9=41&13=44&14=48&15=53&16=56&18=73&22=81&23=91&25=94&27=98&29=105&30=109&32=113&34=120&35=124&37=128&38=130&43=133&51=138&56=142&57=147&59=156&63=159&64=163&69=169&70=172&75=176&81=179'
