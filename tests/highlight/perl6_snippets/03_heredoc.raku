my $lang = 'Raku';
my $text = q:to/END/;
    This is a heredoc.
    It keeps going until the terminator.
    END
say $text;

my $inter = qq:to/DONE/;
  Hello from $lang!
  The answer is { 6 * 7 }.
  DONE

print qq:to「TERM」;
fancy delimiters
TERM

sub usage() {
    note q:to/USAGE/.indent(2);
    Usage: prog [--verbose] FILE
    USAGE
}
