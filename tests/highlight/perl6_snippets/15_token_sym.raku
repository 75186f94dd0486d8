grammar Perl6ish {
    proto token statement_control { <...> }
    token statement_control:sym<if> {
        <sym> <.ws> <xblock>
        [ 'elsif' <.ws> <xblock> ]*
    }
    token statement_control:sym«unless» { <sym> <.ws> <xblock> }
    rule statement_control:sym<for> { <sym> <xblock> }
    token quote:sym<q> { 'q' <!before '('> <.ws> <quibble> }
    regex infix:sym<+> { '+' }
    token sigil { <[$@%&]> }
}
role q { token stopper { \' } }
