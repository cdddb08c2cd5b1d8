using System.Text;

namespace Continuum.Pce.YangGen;

/// <summary>One YANG statement (RFC 7950 §6.3): a keyword, an optional argument and sub-statements.</summary>
public sealed record YangStatement(string Keyword, string? Argument, IReadOnlyList<YangStatement> Children, int Line)
{
    public YangStatement? Child(string keyword) => Children.FirstOrDefault(c => c.Keyword == keyword);

    public IEnumerable<YangStatement> ChildrenOf(string keyword) => Children.Where(c => c.Keyword == keyword);

    public string RequiredArgument => Argument ?? throw new FormatException($"line {Line}: '{Keyword}' needs an argument");
}

/// <summary>
/// Tokenises and parses YANG text (RFC 7950 §6: comments, unquoted, single- and double-quoted strings,
/// '+' concatenation) into a statement tree. Semantics are left to <see cref="SchemaBuilder"/>.
/// </summary>
public static class YangParser
{
    public static YangStatement Parse(string text, string source)
    {
        var tokens = Tokenise(text, source);
        var position = 0;
        var statement = ParseStatement(tokens, ref position, source);
        if (position != tokens.Count)
        {
            throw new FormatException($"{source}:{tokens[position].Line}: text after the module statement");
        }

        return statement;
    }

    private static YangStatement ParseStatement(List<Token> tokens, ref int position, string source)
    {
        if (position >= tokens.Count || tokens[position].Kind != TokenKind.Word)
        {
            throw new FormatException($"{source}: expected a keyword at token {position}");
        }

        var keyword = tokens[position];
        position++;
        string? argument = null;
        if (position < tokens.Count && tokens[position].Kind is TokenKind.Word or TokenKind.Quoted)
        {
            var sb = new StringBuilder(tokens[position].Text);
            position++;
            while (position + 1 < tokens.Count && tokens[position].Kind == TokenKind.Plus && tokens[position + 1].Kind == TokenKind.Quoted)
            {
                sb.Append(tokens[position + 1].Text);
                position += 2;
            }

            argument = sb.ToString();
        }

        if (position >= tokens.Count)
        {
            throw new FormatException($"{source}:{keyword.Line}: unexpected end after '{keyword.Text}'");
        }

        var children = new List<YangStatement>();
        if (tokens[position].Kind == TokenKind.Semicolon)
        {
            position++;
        }
        else if (tokens[position].Kind == TokenKind.Open)
        {
            position++;
            while (position < tokens.Count && tokens[position].Kind != TokenKind.Close)
            {
                children.Add(ParseStatement(tokens, ref position, source));
            }

            if (position >= tokens.Count)
            {
                throw new FormatException($"{source}:{keyword.Line}: '{keyword.Text}' block is not closed");
            }

            position++;
        }
        else
        {
            throw new FormatException($"{source}:{tokens[position].Line}: expected ';' or '{{' after '{keyword.Text}'");
        }

        return new YangStatement(keyword.Text, argument, children, keyword.Line);
    }

    private enum TokenKind
    {
        Word,
        Quoted,
        Open,
        Close,
        Semicolon,
        Plus,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Line);

    private static List<Token> Tokenise(string text, string source)
    {
        var tokens = new List<Token>();
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new FormatException($"{source}:{line}: unterminated comment");
                }

                line += text.AsSpan(i, end - i).Count('\n');
                i = end + 2;
            }
            else if (c == '{')
            {
                tokens.Add(new Token(TokenKind.Open, "{", line));
                i++;
            }
            else if (c == '}')
            {
                tokens.Add(new Token(TokenKind.Close, "}", line));
                i++;
            }
            else if (c == ';')
            {
                tokens.Add(new Token(TokenKind.Semicolon, ";", line));
                i++;
            }
            else if (c == '+' && tokens.Count > 0 && tokens[^1].Kind == TokenKind.Quoted)
            {
                tokens.Add(new Token(TokenKind.Plus, "+", line));
                i++;
            }
            else if (c == '"' || c == '\'')
            {
                var start = line;
                var sb = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != c)
                {
                    if (text[i] == '\n')
                    {
                        line++;
                    }

                    if (c == '"' && text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                        sb.Append(text[i] switch { 'n' => '\n', 't' => '\t', _ => text[i] });
                    }
                    else
                    {
                        sb.Append(text[i]);
                    }

                    i++;
                }

                if (i >= text.Length)
                {
                    throw new FormatException($"{source}:{start}: unterminated string");
                }

                i++;
                tokens.Add(new Token(TokenKind.Quoted, sb.ToString(), start));
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('{' or '}' or ';'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Word, text[start..i], line));
            }
        }

        return tokens;
    }
}
