"""_macros.md.j2, compiled by Jinja (`make templates` writes this file; do not edit it)."""
KEY = 'a19a27375f078dad6e1004f5ffa357a906a813fba128afc2031b88a5e429a692'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_macros.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_toc = l_0_prose = l_0_bullets = l_0_codes = l_0_header = missing
    pass
    def macro(l_1_page):
        t_1 = []
        if l_1_page is missing:
            l_1_page = undefined("parameter 'page' was not provided", name='page')
        pass
        for l_2_s in environment.getattr(l_1_page, 'sections'):
            _loop_vars = {}
            pass
            t_1.extend((
                '- [',
                str(environment.getattr(l_2_s, 'title')),
                '](#',
                str(environment.getattr(l_2_s, 'anchor')),
                ')\n',
            ))
        l_2_s = missing
        return concat(t_1)
    context.exported_vars.add('toc')
    context.vars['toc'] = l_0_toc = Macro(environment, macro, 'toc', ('page',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_blocks):
        t_2 = []
        if l_1_blocks is missing:
            l_1_blocks = undefined("parameter 'blocks' was not provided", name='blocks')
        pass
        for l_2_b in l_1_blocks:
            _loop_vars = {}
            pass
            t_2.append(
                '\n',
            )
            if environment.getattr(l_2_b, 'code'):
                pass
                if environment.getattr(l_2_b, 'text'):
                    pass
                    t_2.extend((
                        str(environment.getattr(l_2_b, 'text')),
                        '\n\n',
                    ))
                t_2.extend((
                    '```',
                    str(environment.getattr(l_2_b, 'lang')),
                    '\n',
                    str(environment.getattr(l_2_b, 'code')),
                    '\n```\n',
                ))
            else:
                pass
                t_2.extend((
                    str(environment.getattr(l_2_b, 'text')),
                    '\n',
                ))
        l_2_b = missing
        return concat(t_2)
    context.exported_vars.add('prose')
    context.vars['prose'] = l_0_prose = Macro(environment, macro, 'prose', ('blocks',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_section, l_1_box):
        t_3 = []
        if l_1_section is missing:
            l_1_section = undefined("parameter 'section' was not provided", name='section')
        if l_1_box is missing:
            l_1_box = ''
        pass
        for l_2_t in environment.getattr(l_1_section, 'texts'):
            _loop_vars = {}
            pass
            t_3.extend((
                '- ',
                str(l_1_box),
                str(l_2_t),
                '\n',
            ))
        l_2_t = missing
        return concat(t_3)
    context.exported_vars.add('bullets')
    context.vars['bullets'] = l_0_bullets = Macro(environment, macro, 'bullets', ('section', 'box'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_section):
        t_4 = []
        if l_1_section is missing:
            l_1_section = undefined("parameter 'section' was not provided", name='section')
        pass
        for l_2_b in environment.getattr(l_1_section, 'codes'):
            _loop_vars = {}
            pass
            t_4.append(
                '\n',
            )
            if environment.getattr(l_2_b, 'text'):
                pass
                t_4.extend((
                    str(environment.getattr(l_2_b, 'text')),
                    '\n\n',
                ))
            t_4.extend((
                '```',
                str(environment.getattr(l_2_b, 'lang')),
                '\n',
                str(environment.getattr(l_2_b, 'code')),
                '\n```\n',
            ))
        l_2_b = missing
        return concat(t_4)
    context.exported_vars.add('codes')
    context.vars['codes'] = l_0_codes = Macro(environment, macro, 'codes', ('section',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_pages, l_1_what):
        t_5 = []
        if l_1_pages is missing:
            l_1_pages = undefined("parameter 'pages' was not provided", name='pages')
        if l_1_what is missing:
            l_1_what = undefined("parameter 'what' was not provided", name='what')
        pass
        t_5.extend((
            'This page is generated from `',
            str(environment.getattr(l_1_pages, 'spec')),
            '` by schemagen; do not edit it by hand. Change the spec and\nrun `',
            str(environment.getattr(l_1_pages, 'regenerate')),
            '` (`',
            str(environment.getattr(l_1_pages, 'check')),
            '` exits 1 when ',
            str(l_1_what),
            ' is stale).\n',
        ))
        return concat(t_5)
    context.exported_vars.add('header')
    context.vars['header'] = l_0_header = Macro(environment, macro, 'header', ('pages', 'what'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '2=12&3=17&4=22&9=31&10=36&12=42&13=44&14=47&17=52&18=54&21=60&27=67&28=74&29=79&34=87&35=92&37=98&38=101&41=106&42=108&47=116&48=125&49=127'
