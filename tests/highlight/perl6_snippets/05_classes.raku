unit module Shapes;

role Drawable {
    method draw() { ... }
}

class Point is export {
    has Real $.x = 0;
    has Real $.y = 0;
    method Str { "($!x, $!y)" }
}

class Circle does Drawable is export {
    has Point $.center is required;
    has Real $.radius where * > 0 = 1;

    method area(--> Real) { pi * $!radius ** 2 }
    method draw() { say "Circle at {$!center} r=$!radius" }
    submethod BUILD(:$!center, :$!radius) { }
}

multi sub infix:<+>(Point $a, Point $b) is export {
    Point.new(x => $a.x + $b.x, y => $a.y + $b.y)
}

my $c = Circle.new(center => Point.new(:x(1), :y(2)), :radius(3));
$c.draw;
say $c.area.round(0.01);
