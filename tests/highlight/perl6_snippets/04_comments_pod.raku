#!/usr/bin/env raku
#`( This is an embedded comment
    spanning (nested) lines )
my $x = 42; #`[ inline ] say $x;
#`{{ double {braces} still
     a comment }}
#| Declarator comment for the sub
sub greet(Str $who --> Str) {
    "Hello, $who"   #= trailing declarator
}

=begin pod

=head1 NAME

Greeter - says hello

=head2 SYNOPSIS

    use Greeter;
    greet('you');

=end pod

=for comment
This paragraph is a comment block.

say greet('Camelia');
=finish
anything after this is data
