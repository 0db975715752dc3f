"""_macros.md.j2, compiled by Jinja (`make templates` writes this file; do not edit it)."""
KEY = '44da00e3aaf8dea2eae4c210f4c31b1b3f655cac39c0f663b950d05fc9708a3d'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_macros.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_toc = l_0_prose = l_0_bullets = l_0_codes = l_0_header = missing
    try:
        t_1 = environment.filters['fence']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'fence' found.")
    try:
        t_2 = environment.filters['info']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'info' found.")
    try:
        t_3 = environment.filters['span']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'span' found.")
    try:
        t_4 = environment.filters['text']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'text' found.")
    pass
    def macro(l_1_page):
        t_5 = []
        if l_1_page is missing:
            l_1_page = undefined("parameter 'page' was not provided", name='page')
        pass
        for l_2_s in environment.getattr(l_1_page, 'sections'):
            _loop_vars = {}
            pass
            t_5.extend((
                '- [',
                str(environment.getattr(l_2_s, 'title')),
                '](#',
                str(environment.getattr(l_2_s, 'anchor')),
                ')\n',
            ))
        l_2_s = missing
        return concat(t_5)
    context.exported_vars.add('toc')
    context.vars['toc'] = l_0_toc = Macro(environment, macro, 'toc', ('page',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_blocks):
        t_6 = []
        if l_1_blocks is missing:
            l_1_blocks = undefined("parameter 'blocks' was not provided", name='blocks')
        pass
        for l_2_b in l_1_blocks:
            _loop_vars = {}
            pass
            t_6.append(
                '\n',
            )
            if environment.getattr(l_2_b, 'code'):
                pass
                if environment.getattr(l_2_b, 'text'):
                    pass
                    t_6.extend((
                        str(t_4(environment.getattr(l_2_b, 'text'))),
                        '\n\n',
                    ))
                t_6.extend((
                    str(t_1(environment.getattr(l_2_b, 'code'))),
                    str(t_2(environment.getattr(l_2_b, 'lang'))),
                    '\n',
                    str(environment.getattr(l_2_b, 'code')),
                    '\n',
                    str(t_1(environment.getattr(l_2_b, 'code'))),
                    '\n',
                ))
            else:
                pass
                t_6.extend((
                    str(t_4(environment.getattr(l_2_b, 'text'))),
                    '\n',
                ))
        l_2_b = missing
        return concat(t_6)
    context.exported_vars.add('prose')
    context.vars['prose'] = l_0_prose = Macro(environment, macro, 'prose', ('blocks',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_section, l_1_box):
        t_7 = []
        if l_1_section is missing:
            l_1_section = undefined("parameter 'section' was not provided", name='section')
        if l_1_box is missing:
            l_1_box = ''
        pass
        for l_2_t in environment.getattr(l_1_section, 'texts'):
            _loop_vars = {}
            pass
            t_7.extend((
                '- ',
                str(l_1_box),
                str(t_4(l_2_t)),
                '\n',
            ))
        l_2_t = missing
        return concat(t_7)
    context.exported_vars.add('bullets')
    context.vars['bullets'] = l_0_bullets = Macro(environment, macro, 'bullets', ('section', 'box'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_section):
        t_8 = []
        if l_1_section is missing:
            l_1_section = undefined("parameter 'section' was not provided", name='section')
        pass
        for l_2_b in environment.getattr(l_1_section, 'codes'):
            _loop_vars = {}
            pass
            t_8.append(
                '\n',
            )
            if environment.getattr(l_2_b, 'text'):
                pass
                t_8.extend((
                    str(t_4(environment.getattr(l_2_b, 'text'))),
                    '\n\n',
                ))
            t_8.extend((
                str(t_1(environment.getattr(l_2_b, 'code'))),
                str(t_2(environment.getattr(l_2_b, 'lang'))),
                '\n',
                str(environment.getattr(l_2_b, 'code')),
                '\n',
                str(t_1(environment.getattr(l_2_b, 'code'))),
                '\n',
            ))
        l_2_b = missing
        return concat(t_8)
    context.exported_vars.add('codes')
    context.vars['codes'] = l_0_codes = Macro(environment, macro, 'codes', ('section',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_pages, l_1_what):
        t_9 = []
        if l_1_pages is missing:
            l_1_pages = undefined("parameter 'pages' was not provided", name='pages')
        if l_1_what is missing:
            l_1_what = undefined("parameter 'what' was not provided", name='what')
        pass
        t_9.extend((
            'This page is generated from ',
            str(t_3(environment.getattr(l_1_pages, 'spec'))),
            ' by schemagen; do not edit it by hand. Change the spec and\nrun ',
            str(t_3(environment.getattr(l_1_pages, 'regenerate'))),
            ' (',
            str(t_3(environment.getattr(l_1_pages, 'check'))),
            ' exits 1 when ',
            str(t_4(l_1_what)),
            ' is stale).\n',
        ))
        return concat(t_9)
    context.exported_vars.add('header')
    context.vars['header'] = l_0_header = Macro(environment, macro, 'header', ('pages', 'what'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '2=36&3=41&4=46&9=55&10=60&12=66&13=68&14=71&17=75&18=78&19=80&21=86&27=93&28=100&29=105&34=113&35=118&37=124&38=127&41=131&42=134&43=136&47=144&48=153&49=155'
