#!/usr/bin/env raku
use v6.d;

sub MAIN(
    Str $file where *.IO.f,   #= input file
    Int :$lines = 10,          #= how many lines
    Bool :$verbose,
) {
    my @lines = $file.IO.lines;
    note "read {@lines.elems} lines" if $verbose;
    .say for @lines.head($lines);
    CATCH {
        when X::IO { note "cannot read: {.message}"; exit 1 }
    }
    LEAVE { note 'done' if $verbose }
}

sub USAGE() {
    print q:to/END/;
    Usage: head.raku FILE [--lines=N] [--verbose]
    END
}
